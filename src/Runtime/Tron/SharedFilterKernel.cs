using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Tron;

/// <summary>
/// f_w(x) = (1/k) Σ_i ReLU(wᵀ A_i x) evaluated as (1/k) Σ_i ReLU(x · v_i) with v_i = A_iᵀ w: the k·r·n work of
/// forming the v_i is done once per filter w, not once per sample, so a batch of b samples costs k·r·n + b·k·n
/// instead of b·k·r·n. The result is the same function the generated network computes (up to rounding).
/// </summary>
internal static class SharedFilterKernel
{
    /// <summary>
    /// The A_i re-laid out filter-major: block a (length k·n) holds row a of A_1, …, A_k, so that
    /// [v_1; …; v_k] = Σ_a w_a · block_a is r long vector operations instead of k·r short ones.
    /// </summary>
    public static T[] FilterMajor<T>(ReadOnlySpan<T> stacked, int filterSize, int count, int inputs)
    {
        var layout = new T[stacked.Length];
        for (int i = 0; i < count; i++)
        {
            for (int a = 0; a < filterSize; a++)
            {
                stacked.Slice((i * filterSize + a) * inputs, inputs).CopyTo(layout.AsSpan((a * count + i) * inputs, inputs));
            }
        }
        return layout;
    }

    /// <summary>Writes v_i = A_iᵀ w (i = 0..k−1) into <paramref name="directions"/> (k×n) from the <see cref="FilterMajor"/> layout.</summary>
    public static void Directions<T>(ReadOnlySpan<T> filterMajor, ReadOnlySpan<T> filter, Span<T> directions)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int block = directions.Length;
        TensorPrimitives.Multiply(filterMajor[..block], filter[0], directions);
        for (int a = 1; a < filter.Length; a++)
        {
            TensorPrimitives.MultiplyAdd(filterMajor.Slice(a * block, block), filter[a], directions, directions);
        }
    }

    /// <summary>(1/k) Σ_i ReLU(x · v_i) for each row x of <paramref name="inputs"/>.</summary>
    public static void Evaluate<T>(ReadOnlySpan<T> directions, int count, int inputs, ReadOnlySpan<T> samples, Span<T> outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T inverseCount = T.One / T.CreateTruncating(count);
        for (int j = 0; j < outputs.Length; j++)
        {
            ReadOnlySpan<T> x = samples.Slice(j * inputs, inputs);
            T sum = T.Zero;
            for (int i = 0; i < count; i++)
            {
                T z = TensorPrimitives.Dot(directions.Slice(i * inputs, inputs), x);
                if (z > T.Zero) sum += z;
            }
            outputs[j] = sum * inverseCount;
        }
    }

    /// <summary>‖a − b‖ in double.</summary>
    public static double Distance<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = double.CreateTruncating(a[i]) - double.CreateTruncating(b[i]);
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }
}
