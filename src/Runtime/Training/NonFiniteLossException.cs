namespace DslNets.Training;

/// <summary>
/// Training met a NaN or infinite loss (or gradient, or parameters). The trainer has already put the network's
/// parameters back to the last good copy, taken at the end of epoch <see cref="RestoredEpoch"/> (0: the parameters
/// training started from); a checkpoint callback was never called with the bad state. The offending gradient was
/// never passed to the optimiser, but the optimiser's state (moments, velocity) is that of the failing step, not
/// rolled back: to resume, build a fresh optimiser or call <see cref="Optimizers.IOptimizer{T}.Reset"/>.
/// </summary>
public sealed class NonFiniteLossException : Exception
{
    /// <summary>Creates the exception; the message says where it happened.</summary>
    /// <param name="epoch">The epoch (from 1).</param>
    /// <param name="step">The step within the epoch (from 1), or 0 for the end-of-epoch evaluation.</param>
    /// <param name="globalStep">Optimiser steps taken before this one.</param>
    /// <param name="value">The offending value.</param>
    /// <param name="what">What was not finite ("loss", "gradient norm", "validation loss", …).</param>
    /// <param name="restoredEpoch">The epoch whose end-state the parameters were restored to.</param>
    public NonFiniteLossException(int epoch, int step, long globalStep, double value, string what, int restoredEpoch)
        : base(step > 0
            ? $"Training stopped: non-finite {what} ({value}) at epoch {epoch}, step {step} (optimiser step {globalStep + 1}). Parameters restored to the end of epoch {restoredEpoch}."
            : $"Training stopped: non-finite {what} ({value}) at epoch {epoch}, in the end-of-epoch evaluation. Parameters restored to the end of epoch {restoredEpoch}.")
    {
        Epoch = epoch;
        Step = step;
        GlobalStep = globalStep;
        Value = value;
        What = what;
        RestoredEpoch = restoredEpoch;
    }

    /// <summary>The epoch (from 1).</summary>
    public int Epoch { get; }

    /// <summary>The step within the epoch (from 1), or 0 for the end-of-epoch evaluation.</summary>
    public int Step { get; }

    /// <summary>Optimiser steps taken before the failing one.</summary>
    public long GlobalStep { get; }

    /// <summary>The offending value (NaN or ±∞).</summary>
    public double Value { get; }

    /// <summary>What was not finite.</summary>
    public string What { get; }

    /// <summary>The epoch whose end-state the parameters were restored to (0: the starting parameters).</summary>
    public int RestoredEpoch { get; }
}
