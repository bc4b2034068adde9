using DslNets.Optimizers;

namespace DslNets.Training;

/// <summary>How a <see cref="Trainer{TNet, T}"/> runs.</summary>
public sealed record TrainerOptions
{
    /// <summary>The number of passes over the training set (positive).</summary>
    public required int Epochs { get; init; }

    /// <summary>Samples per mini-batch (positive); the batch gradient is the mean (scale 1/batch).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The seed of the shuffling: the same seed, network and data give the same parameters.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// Shuffle at the start of every epoch: the sample order is a permutation that starts as the identity and is
    /// shuffled in place each epoch by <see cref="SeededRandom.Shuffle{TItem}"/> of a generator seeded with <see cref="Seed"/>.
    /// </summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Drop a last mini-batch smaller than <see cref="BatchSize"/> instead of taking a smaller step on it.</summary>
    public bool DropLast { get; init; }

    /// <summary>The learning rate per step (index = optimiser steps so far), or per epoch with <see cref="ScheduleByEpoch"/>; null keeps the optimiser's rate.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Evaluate <see cref="Schedule"/> at the epoch index (epoch − 1) instead of the step index.</summary>
    public bool ScheduleByEpoch { get; init; }

    /// <summary>Clip each mini-batch gradient to this global norm (see <see cref="GradientClipping"/>); null for no clipping.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Early stopping, or null to run all epochs.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>A checkpoint to write periodically and to resume from when it exists; null for none.</summary>
    public ResumableCheckpoint? Resumable { get; init; }

    /// <summary>Also evaluate loss and accuracy on the whole training set at each epoch's end (one forward pass).</summary>
    public bool EvaluateTrainingSet { get; init; } = true;

    internal void Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, $"TrainerOptions: expected a positive number of epochs but got {Epochs}.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"TrainerOptions: expected a positive batch size but got {BatchSize}.");
        if (ClipNorm is double c && (!double.IsFinite(c) || c <= 0))
            throw new ArgumentOutOfRangeException(nameof(ClipNorm), c, $"TrainerOptions: expected a finite clipping norm > 0 but got {c}.");
        Resumable?.Validate();
        if (EarlyStopping is { } e)
        {
            if (e.Patience <= 0) throw new ArgumentOutOfRangeException(nameof(EarlyStopping), e.Patience, $"TrainerOptions: expected a positive early-stopping patience but got {e.Patience}.");
            if (!double.IsFinite(e.MinDelta) || e.MinDelta < 0)
                throw new ArgumentOutOfRangeException(nameof(EarlyStopping), e.MinDelta, $"TrainerOptions: expected an early-stopping MinDelta ≥ 0 but got {e.MinDelta}.");
        }
    }
}
