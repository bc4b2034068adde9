namespace DslNets.Training;

/// <summary>Where a training run stands, beside its arrays: what a resumable checkpoint stores in its metadata.</summary>
/// <param name="Epoch">The epoch in progress or just finished (from 1).</param>
/// <param name="StepsDone">Optimiser steps done in that epoch.</param>
/// <param name="EpochFinished">Whether the epoch's end (evaluation, reports, early stopping) is done too.</param>
/// <param name="GlobalStep">Optimiser steps since the run began (the schedule's position).</param>
/// <param name="LastGoodEpoch">The last epoch whose end left finite parameters.</param>
/// <param name="LossSum">The epoch's running Σ loss × batch size.</param>
/// <param name="NormSum">The epoch's running Σ gradient norm.</param>
/// <param name="Best">The early-stopping metric's best value.</param>
/// <param name="BestEpoch">The epoch that reached it.</param>
/// <param name="SinceImprovement">Epochs since it improved.</param>
/// <param name="RandomState">The shuffling generator's four state words after the epoch's shuffle.</param>
internal sealed record TrainingState(int Epoch, int StepsDone, bool EpochFinished, long GlobalStep, int LastGoodEpoch,
    double LossSum, double NormSum, double Best, int BestEpoch, int SinceImprovement, ulong[] RandomState);
