namespace DslNets.Training;

/// <summary>
/// Where and how often a <see cref="Trainer{TNet, T}"/> writes a checkpoint it can resume from exactly: the parameters,
/// the optimiser's state (moments, velocity, step count, learning rate), the data order's and the random generator's
/// positions, epoch and step, the schedule's position and the early-stopping state. Each write replaces the file
/// atomically (a temporary file, flushed, renamed), so a process killed at any moment leaves the previous checkpoint
/// readable; temporary files left by a killed writer are removed by the next write. When the file exists at the
/// start of <see cref="Trainer{TNet, T}.Fit"/>, training continues from it and ends with the parameters an
/// uninterrupted run would have, bit for bit.
/// </summary>
/// <param name="Path">The checkpoint file (safetensors).</param>
public sealed record ResumableCheckpoint(string Path)
{
    /// <summary>Write after every this many optimiser steps (0: not by steps).</summary>
    public int EverySteps { get; init; }

    /// <summary>Write after every this many epochs (0: not by epochs). The end of training always writes.</summary>
    public int EveryEpochs { get; init; } = 1;

    internal void Validate()
    {
        if (string.IsNullOrEmpty(Path)) throw new ArgumentException("ResumableCheckpoint: expected a file path but got an empty one.", nameof(Path));
        if (EverySteps < 0) throw new ArgumentOutOfRangeException(nameof(EverySteps), EverySteps, "ResumableCheckpoint: expected EverySteps ≥ 0.");
        if (EveryEpochs < 0) throw new ArgumentOutOfRangeException(nameof(EveryEpochs), EveryEpochs, "ResumableCheckpoint: expected EveryEpochs ≥ 0.");
    }
}
