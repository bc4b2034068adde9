using System.Numerics;

namespace DslNets.Training;

/// <summary>
/// The loss of one sample from the network's output, by the formulas <see cref="Loss"/> documents (so evaluation
/// needs one forward pass, not a forward pass and a loss pass), and whether the sample is classified correctly.
/// Computed in double.
/// </summary>
internal static class SampleLoss
{
    public static double Of<T>(Loss loss, ReadOnlySpan<T> output, ReadOnlySpan<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (loss)
        {
            case Loss.SquaredError:
            {
                double sum = 0;
                for (int k = 0; k < output.Length; k++)
                {
                    double d = double.CreateChecked(output[k]) - double.CreateChecked(target[k]);
                    sum += d * d;
                }
                return 0.5 * sum;
            }
            case Loss.AbsoluteError:
            {
                double sum = 0;
                for (int k = 0; k < output.Length; k++) sum += Math.Abs(double.CreateChecked(output[k]) - double.CreateChecked(target[k]));
                return sum;
            }
            case Loss.Logistic:
            {
                double z = double.CreateChecked(output[0]), t = double.CreateChecked(target[0]);
                return Softplus(z) - t * z;
            }
            case Loss.Hinge:
            {
                double z = double.CreateChecked(output[0]), y = double.CreateChecked(target[0]);
                return Math.Max(0.0, 1.0 - y * z);
            }
            case Loss.SoftmaxCrossEntropy:
            {
                double max = double.NegativeInfinity;
                for (int k = 0; k < output.Length; k++) max = Math.Max(max, double.CreateChecked(output[k]));
                double sumExp = 0, targetMass = 0, dot = 0;
                for (int k = 0; k < output.Length; k++)
                {
                    double z = double.CreateChecked(output[k]), t = double.CreateChecked(target[k]);
                    sumExp += Math.Exp(z - max);
                    targetMass += t;
                    dot += t * z;
                }
                return targetMass * (max + Math.Log(sumExp)) - dot;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(loss), loss, $"SampleLoss: unknown loss {loss}.");
        }
    }

    /// <summary>True when accuracy is defined for this loss and output size.</summary>
    public static bool HasAccuracy(Loss loss, int outputSize) => outputSize >= 2 || loss is Loss.Logistic or Loss.Hinge;

    /// <summary>Whether the sample is classified correctly (see <see cref="Metrics.Accuracy"/>).</summary>
    public static bool IsCorrect<T>(Loss loss, ReadOnlySpan<T> output, ReadOnlySpan<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (output.Length >= 2) return ArgMax(output) == ArgMax(target);
        return loss switch
        {
            Loss.Logistic => (output[0] > T.Zero) == (double.CreateChecked(target[0]) > 0.5),
            Loss.Hinge => (output[0] > T.Zero) == (target[0] > T.Zero),
            _ => throw new InvalidOperationException($"Accuracy is not defined for {loss} with one output."),
        };
    }

    private static int ArgMax<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++)
            if (values[k] > values[best]) best = k;
        return best;
    }

    private static double Softplus(double z) => Math.Max(z, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs(z)));
}
