using System.Numerics;
using ILGPU;

namespace DslNets.Gpu;

/// <summary>
/// Many GLM-Tron iterations in one launch of one group (see <see cref="DeviceGlmTron{TNet, T}"/>). An iteration is two
/// phases separated by group barriers: (1) for each slot j of the batch, its row (drawn, or j itself), wᵀx and the
/// coefficient (η/b)·(y − u(wᵀx)); (2) for each coordinate c, w_c ← w_c + Σ_j coefficient_j·x_jc, summed by one thread in
/// slot order, the host's order, so no atomics are needed and the result does not depend on the launch.
/// </summary>
internal static class GlmTronKernel
{
    /// <summary>
    /// Row j of the random batch of step <paramref name="step"/>: ⌊u·m⌋ (at most m − 1) with u = <see cref="DeviceRandom.Uniform"/>(seed,
    /// step·b + j), i.e. drawn uniformly with replacement. Plain arithmetic, so the host draws the same rows.
    /// </summary>
    public static int BatchRow(ulong seed, long step, int slot, int batchSize, int samples)
    {
        double u = DeviceRandom.Uniform(seed, (ulong)step * (ulong)batchSize + (ulong)slot);
        int row = (int)(u * samples);
        return row < samples ? row : samples - 1;
    }

    /// <summary>The kernel: launched as one group of a power-of-two size ≤ <see cref="TronGroup.MaxGroupSize"/>.</summary>
    public static void Run<T, TReal>(GlmTronArguments<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IDeviceReal<T>
    {
        ArrayView<double> shared = SharedMemory.Allocate1D<double>(TronGroup.MaxGroupSize);
        int lane = Group.IdxX, size = Group.DimX;
        int n = p.Inputs, b = p.BatchSize;
        if (p.RecordEvery > 0) TronGroup.RecordDistance<T, TReal>(p.Weights, p.Target, n, shared, p.Distances, 0);
        for (int t = 0; t < p.Iterations; t++)
        {
            long step = p.FirstStep + t;
            for (int j = lane; j < b; j += size)
            {
                int row = p.FullBatch != 0 ? j : BatchRow(p.Seed, step, j, b, p.Samples);
                long x = (long)row * n;
                T z = T.Zero;
                for (int c = 0; c < n; c++) z += p.Data[x + c] * p.Weights[c];
                p.Rows[j] = row;
                p.Coefficients[j] = p.Scale * (p.Labels[row] - Activate(z, p.Activation, p.LeakySlope));
            }
            Group.Barrier();

            for (int c = lane; c < n; c += size)
            {
                T w = p.Weights[c];
                for (int j = 0; j < b; j++) w = p.Data[(long)p.Rows[j] * n + c] * p.Coefficients[j] + w;
                p.Weights[c] = w;
            }
            Group.Barrier();

            if (p.RecordEvery > 0 && (t + 1) % p.RecordEvery == 0)
                TronGroup.RecordDistance<T, TReal>(p.Weights, p.Target, n, shared, p.Distances, (t + 1) / p.RecordEvery);
        }
    }

    /// <summary>u(z) as the generated forward writes it: ReLU z &lt; 0 ? 0 : z, LeakyReLU z &lt; 0 ? α·z : z, Identity z.</summary>
    private static T Activate<T>(T z, int activation, T slope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (activation == (int)DslNets.Activation.ReLU) return z < T.Zero ? T.Zero : z;
        if (activation == (int)DslNets.Activation.LeakyReLU) return z < T.Zero ? slope * z : z;
        return z;
    }
}
