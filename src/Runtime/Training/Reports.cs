namespace DslNets.Training;

/// <summary>Loss and accuracy of a network on a dataset.</summary>
/// <param name="Loss">The mean loss per sample.</param>
/// <param name="Accuracy">
/// The fraction classified correctly: argmax of output against argmax of target for two or more outputs; for one
/// output, logit &gt; 0 against target &gt; ½ (Logistic, targets in {0, 1}) or output &gt; 0 against target &gt; 0
/// (Hinge, targets ±1). NaN for a one-output regression loss (SquaredError, AbsoluteError), where it is not defined.
/// </param>
public sealed record Metrics(double Loss, double Accuracy);

/// <summary>What one epoch did, passed to <see cref="Trainer{TNet, T}.EpochCompleted"/> and kept in the history.</summary>
/// <param name="Epoch">The epoch number, from 1.</param>
/// <param name="Steps">Optimiser steps taken since the start of training, this epoch included.</param>
/// <param name="LearningRate">The learning rate of the epoch's last step.</param>
/// <param name="TrainingLoss">The mean over the epoch's samples of the mini-batch losses as training computed them (parameters moving).</param>
/// <param name="MeanGradientNorm">The mean over the epoch's steps of the mini-batch gradient norm, before clipping.</param>
/// <param name="Training">Loss and accuracy on the training set at the epoch's end, or null when not requested.</param>
/// <param name="Validation">Loss and accuracy on the validation set at the epoch's end, or null without one.</param>
/// <param name="Improved">True when the early-stopping metric improved this epoch (false without early stopping).</param>
public sealed record EpochReport(
    int Epoch, long Steps, double LearningRate, double TrainingLoss, double MeanGradientNorm,
    Metrics? Training, Metrics? Validation, bool Improved);

/// <summary>Progress after one optimiser step, for progress bars; a value type so raising it allocates nothing.</summary>
/// <param name="Epoch">The epoch number, from 1.</param>
/// <param name="Step">The step within the epoch, from 1.</param>
/// <param name="StepsPerEpoch">How many steps the epoch has.</param>
/// <param name="SamplesSeen">Samples processed since the start of training.</param>
/// <param name="TotalSamples">Samples the whole run will process if it is not stopped early.</param>
/// <param name="Loss">The mini-batch's mean loss.</param>
public readonly record struct BatchProgress(int Epoch, int Step, int StepsPerEpoch, long SamplesSeen, long TotalSamples, double Loss);

/// <summary>The outcome of <see cref="Trainer{TNet, T}.Fit"/>.</summary>
/// <param name="History">One report per epoch run.</param>
/// <param name="StoppedEarly">True when early stopping ended training before the last epoch.</param>
/// <param name="BestEpoch">The epoch with the best early-stopping metric, or the last epoch without early stopping.</param>
/// <param name="BestMetric">That metric's value (NaN without early stopping).</param>
public sealed record TrainingResult(IReadOnlyList<EpochReport> History, bool StoppedEarly, int BestEpoch, double BestMetric)
{
    /// <summary>How many epochs ran.</summary>
    public int EpochsRun => History.Count;
}

/// <summary>Which number early stopping watches.</summary>
public enum StoppingMetric
{
    /// <summary>The validation loss (lower is better).</summary>
    ValidationLoss = 0,
    /// <summary>The validation accuracy (higher is better).</summary>
    ValidationAccuracy = 1,
    /// <summary>The epoch's running training loss (lower is better).</summary>
    TrainingLoss = 2,
}

/// <summary>
/// Stop when <see cref="Metric"/> has not improved by more than <see cref="MinDelta"/> for <see cref="Patience"/>
/// consecutive epochs.
/// </summary>
/// <param name="Metric">The metric watched.</param>
/// <param name="Patience">Epochs without improvement tolerated (positive).</param>
/// <param name="MinDelta">The least change that counts as an improvement (≥ 0).</param>
/// <param name="RestoreBest">At the end of training, put back the parameters of the best epoch.</param>
public sealed record EarlyStopping(StoppingMetric Metric, int Patience, double MinDelta = 0.0, bool RestoreBest = true);
