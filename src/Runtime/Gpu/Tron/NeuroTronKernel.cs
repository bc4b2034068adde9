using System.Numerics;
using ILGPU;

namespace DslNets.Gpu;

/// <summary>
/// Many Neuro-Tron iterations in one launch of one group (see <see cref="DeviceNeuroTron{TNet, T}"/>). An iteration is
/// five phases separated by group barriers, each a strided loop over independent pieces of work:
/// (1) u_d = B_dᵀw and, with fresh data, the batch drawn from the stream; (2) the dot products x_j·u_d (and x_j·u*_d of
/// the teacher); (3) the residuals y_j − f_w(x_j); (4) s_c = Σ_j (y_j − f_w(x_j))·x_jc, each coordinate summed by one
/// thread in sample order; (5) w_a ← w_a + (η/b)·(M s)_a. Every sum is a sequential loop in one thread, in the host
/// learner's order where the host has one, so no atomics are needed and the result does not depend on the launch.
/// </summary>
internal static class NeuroTronKernel
{
    /// <summary>The kernel: launched as one group of a power-of-two size ≤ <see cref="TronGroup.MaxGroupSize"/>.</summary>
    public static void Run<T, TReal>(NeuroTronArguments<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TReal : struct, IDeviceReal<T>
    {
        ArrayView<double> shared = SharedMemory.Allocate1D<double>(TronGroup.MaxGroupSize);
        TReal real = default;
        int lane = Group.IdxX, size = Group.DimX;
        int n = p.Inputs, r = p.FilterSize, b = p.BatchSize;
        int directions = p.DirectionCount, dotsPerSample = p.DirectionCount + p.TeacherDirectionCount;
        if (p.RecordEvery > 0) TronGroup.RecordDistance<T, TReal>(p.Filter, p.Target, r, shared, p.Distances, 0);
        for (int t = 0; t < p.Iterations; t++)
        {
            long step = p.FirstStep + t;
            for (int task = lane; task < directions * n; task += size)
            {
                int d = task / n;
                long at = (long)d * r * n + (task - d * n);
                T sum = p.Basis[at] * p.Filter[0];
                for (int a = 1; a < r; a++) sum = p.Basis[at + (long)a * n] * p.Filter[a] + sum;
                p.FilterDirections[task] = sum;
            }
            long batchStart = 0;
            if (p.Fresh != 0)
            {
                ulong first = (ulong)step * (ulong)b * (ulong)n;
                for (int e = lane; e < b * n; e += size)
                    p.Batch[e] = real.FromDouble(p.InputScale * DeviceRandom.Normal(p.InputSeed, first + (ulong)e));
            }
            else
            {
                batchStart = (long)t * b * n;
            }
            Group.Barrier();

            for (int task = lane; task < b * dotsPerSample; task += size)
            {
                int j = task / dotsPerSample, d = task - j * dotsPerSample;
                long x = batchStart + (long)j * n;
                p.Dots[task] = d < directions
                    ? Dot(p.Batch, x, p.FilterDirections, (long)d * n, n)
                    : Dot(p.Batch, x, p.TeacherDirections, (long)(d - directions) * n, n);
            }
            Group.Barrier();

            for (int j = lane; j < b; j += size)
            {
                long dots = (long)j * dotsPerSample;
                T f = Output(p.Dots, dots, p.Mixing, p.Count, directions, p.InverseCount);
                T y;
                if (p.Fresh != 0)
                {
                    y = Output(p.Dots, dots + directions, p.TeacherMixing, p.Count, p.TeacherDirectionCount, p.InverseCount);
                    double xi = DeviceTeacherStream.LabelPerturbation((ulong)(step * b + j), p.LabelNoise, p.NoiseSeed,
                        p.AttackProbability, p.AttackMagnitude, p.AttackSeed);
                    if (xi != 0) y += real.FromDouble(xi);
                }
                else
                {
                    y = p.Labels[(long)t * b + j];
                }
                p.Residuals[j] = y - f;
            }
            Group.Barrier();

            for (int c = lane; c < n; c += size)
            {
                T sum = T.Zero;
                long x = batchStart + c;
                for (int j = 0; j < b; j++) sum = p.Batch[x + (long)j * n] * p.Residuals[j] + sum;
                p.Sums[c] = sum;
            }
            Group.Barrier();

            for (int a = lane; a < r; a += size)
            {
                T dot = Dot(p.UpdateMatrix, (long)a * n, p.Sums, 0, n);
                p.Filter[a] += p.Scale * dot;
            }
            Group.Barrier();

            if (p.RecordEvery > 0 && (t + 1) % p.RecordEvery == 0)
                TronGroup.RecordDistance<T, TReal>(p.Filter, p.Target, r, shared, p.Distances, (t + 1) / p.RecordEvery);
        }
    }

    /// <summary>Σ_c a[aStart + c]·b[bStart + c], in order.</summary>
    private static T Dot<T>(ArrayView<T> a, long aStart, ArrayView<T> b, long bStart, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int c = 0; c < length; c++) sum += a[aStart + c] * b[bStart + c];
        return sum;
    }

    /// <summary>(1/k)·Σ_i ReLU(z_i) with z_i = Σ_d G[i, d]·dots[first + d], as the host evaluator sums it.</summary>
    private static T Output<T>(ArrayView<T> dots, long first, ArrayView<T> mixing, int count, int directions, T inverseCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < count; i++)
        {
            T z = T.Zero;
            long row = (long)i * directions;
            for (int d = 0; d < directions; d++) z = mixing[row + d] * dots[first + d] + z;
            if (z > T.Zero) sum += z;
        }
        return sum * inverseCount;
    }
}
