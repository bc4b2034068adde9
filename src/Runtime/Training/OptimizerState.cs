using System.Numerics;
using DslNets.Optimizers;

namespace DslNets.Training;

/// <summary>
/// The state of the library's optimisers as named arrays, so a resumable checkpoint can save and restore it exactly:
/// SGD's momentum buffer (and whether it has started), Nesterov's velocity, RMSProp's averages, ADAM's moments. The
/// step count and learning rate travel separately.
/// </summary>
internal static class OptimizerState
{
    /// <summary>The named state arrays of <paramref name="optimizer"/> (live: restoring writes into them).</summary>
    /// <exception cref="NotSupportedException">An optimiser from outside the library, whose state is unknown.</exception>
    public static IReadOnlyList<(string Name, T[] Values)> Arrays<T>(IOptimizer<T> optimizer) where T : unmanaged, IFloatingPointIeee754<T> => optimizer switch
    {
        Sgd<T> sgd => sgd.MomentumBufferState.Length == 0 ? [] : [("momentum_buffer", sgd.MomentumBufferState)],
        NesterovAcceleratedGradient<T> nag => [("velocity", nag.VelocityState)],
        Adam<T> adam => [("exp_avg", adam.FirstMomentState), ("exp_avg_sq", adam.SecondMomentState)],
        RmsProp<T> rms => [.. new[] { ("square_avg", rms.SquareAverageState), ("grad_avg", rms.GradientAverageState), ("momentum_buffer", rms.MomentumBufferState) }.Where(a => a.Item2.Length > 0)],
        DeMukherjeeUllahAdam<T> dmu => [("first_moment", dmu.FirstMomentState), ("second_moment", dmu.SecondMomentState)],
        DeMukherjeeUllahRmsProp<T> dmu => [("second_moment", dmu.SecondMomentState)],
        _ => throw new NotSupportedException(
            $"Resumable checkpoints know the state of the library's optimisers, not of {optimizer.GetType().Name}; implement IOptimizer without resumable checkpoints or use one of DslNets.Optimizers."),
    };

    /// <summary>Flags that are state too (SGD's "buffer started"), as text for the checkpoint's metadata.</summary>
    public static string Flags<T>(IOptimizer<T> optimizer) where T : unmanaged, IFloatingPointIeee754<T> =>
        optimizer is Sgd<T> sgd && sgd.MomentumBufferStarted ? "momentum_buffer_started" : "";

    /// <summary>Restores <see cref="Flags{T}"/> and the step count.</summary>
    public static void Restore<T>(IOptimizer<T> optimizer, string flags, long stepCount) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (optimizer is Sgd<T> sgd) sgd.MomentumBufferStarted = flags == "momentum_buffer_started";
        ((Optimizer<T>)optimizer).RestoreStepCount(stepCount);
    }
}
