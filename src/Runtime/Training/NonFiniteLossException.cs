namespace DslNets.Training;

/// <summary>
/// Training met a NaN or infinite loss (or gradient, or parameters). The trainer has already put the network's
/// parameters back to the last good copy, taken at the end of epoch <see cref="RestoredEpoch"/> (0: the parameters
/// training started from); a checkpoint callback was never called with the bad state. A non-finite loss or gradient
/// was never passed to the optimiser, but the optimiser's state (moments, velocity) is not rolled back: to resume,
/// build a fresh optimiser or call <see cref="Optimizers.IOptimizer{T}.Reset"/>.
/// </summary>
/// <remarks>
/// <see cref="Step"/> is the step that produced the bad value. A NaN or infinite loss or gradient is reported at the
/// step whose mini-batch computed it (a bad sample there, or finite parameters too large for the loss). A NaN or
/// infinity that the optimiser update of step s writes into the parameters would only show as the loss of step s + 1,
/// which would send the user to look at an innocent batch; the trainer checks the parameters after every update and
/// reports step s, with <see cref="What"/> "parameter (index i) after the optimiser update", because that update (its
/// learning rate, its gradient, the optimiser's state) is what went wrong. The optimiser's state then includes that
/// step.
/// </remarks>
public sealed class NonFiniteLossException : Exception
{
    /// <summary>Creates the exception; the message says where it happened.</summary>
    /// <param name="epoch">The epoch (from 1).</param>
    /// <param name="step">The step within the epoch (from 1) that produced the value, or 0 for the end-of-epoch evaluation.</param>
    /// <param name="globalStep">Optimiser steps taken before that step.</param>
    /// <param name="value">The offending value.</param>
    /// <param name="what">What was not finite ("loss", "gradient norm", "validation loss", …).</param>
    /// <param name="restoredEpoch">The epoch whose end-state the parameters were restored to.</param>
    public NonFiniteLossException(int epoch, int step, long globalStep, double value, string what, int restoredEpoch)
        : base(step > 0
            ? $"Training stopped: non-finite {what} at epoch {epoch}, step {step} (optimiser step {globalStep + 1}): {value}. Parameters restored to the end of epoch {restoredEpoch}."
            : $"Training stopped: non-finite {what} at epoch {epoch}, in the end-of-epoch evaluation: {value}. Parameters restored to the end of epoch {restoredEpoch}.")
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

    /// <summary>
    /// The step within the epoch (from 1) that produced the value: the one whose mini-batch gave the non-finite loss
    /// or gradient, or the one whose optimiser update wrote the non-finite parameter (see the remarks); 0 when only
    /// the end-of-epoch evaluation (training-set or validation loss) was non-finite.
    /// </summary>
    public int Step { get; }

    /// <summary>Optimiser steps taken before the step that produced the value.</summary>
    public long GlobalStep { get; }

    /// <summary>The offending value (NaN or ±∞).</summary>
    public double Value { get; }

    /// <summary>What was not finite.</summary>
    public string What { get; }

    /// <summary>The epoch whose end-state the parameters were restored to (0: the starting parameters).</summary>
    public int RestoredEpoch { get; }
}
