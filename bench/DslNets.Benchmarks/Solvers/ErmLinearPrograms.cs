using DslNets.Erm;
using DslNets.Solvers;

namespace DslNets.Benchmarks.Solvers;

/// <summary>
/// The linear programs of exact ERM with the absolute loss, as <see cref="ExactErm"/> builds them for the interior-point
/// solver, written as <see cref="LinearProgram"/>s: for output signs s and one split (P⁺ᵢ, P⁻ᵢ) per unit, minimise Σⱼ tⱼ
/// over the free (uᵢ, bᵢ), the output offset c and slacks tⱼ, subject to ±(Σᵢ sᵢ[j ∈ P⁺ᵢ] x̃ⱼ·(uᵢ, bᵢ) + c − yⱼ) ≤ tⱼ and the
/// irredundant cone rows x̃ⱼ·(uᵢ, bᵢ) ≥ 0 for j ∈ P⁺ᵢ, ≤ 0 for j ∈ P⁻ᵢ.
/// </summary>
public static class ErmLinearPrograms
{
    /// <summary>
    /// <paramref name="count"/> programs of a width-<paramref name="width"/> ERM on <paramref name="points"/> seeded Gaussian
    /// points in the plane with Gaussian targets, their signs and splits drawn at random (seeded) from the enumeration.
    /// </summary>
    public static List<LinearProgram> Create(int points, int width, int count, int seed)
    {
        const int n = 2, block = n + 1;
        var random = new SeededRandom(seed);
        var x = new double[points, n];
        var y = new double[points];
        var lifted = new double[points * block];
        for (int j = 0; j < points; j++)
        {
            for (int k = 0; k < n; k++) lifted[j * block + k] = x[j, k] = random.NextGaussian();
            lifted[j * block + n] = 1;
            y[j] = random.NextGaussian();
        }

        ulong[] splits = HyperplaneSplits.Enumerate(x);
        var support = new Dictionary<int, int[]>();
        int vars = width * block + 1 + points, offset = width * block;
        var programs = new List<LinearProgram>(count);
        for (int p = 0; p < count; p++)
        {
            // The full split (the last one) is left out as the ERM does with an output offset.
            var index = new int[width];
            var sign = new int[width];
            for (int i = 0; i < width; i++)
            {
                index[i] = random.NextInt(splits.Length - 1);
                sign[i] = random.NextInt(2) == 0 ? 1 : -1;
                if (!support.ContainsKey(index[i])) support[index[i]] = ExactErm.IrredundantPoints(lifted, points, block, splits[index[i]]);
            }

            int rows = 2 * points + index.Sum(i => support[i].Length);
            var a = new double[rows, vars];
            var b = new double[rows];
            var c = new double[vars];
            for (int j = 0; j < points; j++)
            {
                for (int i = 0; i < width; i++)
                {
                    if ((splits[index[i]] >> j & 1UL) == 0) continue;
                    for (int t = 0; t < block; t++)
                    {
                        a[2 * j, i * block + t] = sign[i] * lifted[j * block + t];
                        a[2 * j + 1, i * block + t] = -sign[i] * lifted[j * block + t];
                    }
                }

                (a[2 * j, offset], a[2 * j + 1, offset]) = (1, -1);
                (a[2 * j, offset + 1 + j], a[2 * j + 1, offset + 1 + j]) = (-1, -1);
                (b[2 * j], b[2 * j + 1]) = (y[j], -y[j]);
                c[offset + 1 + j] = 1;
            }

            int row = 2 * points;
            for (int i = 0; i < width; i++)
                foreach (int j in support[index[i]])
                {
                    double s = (splits[index[i]] >> j & 1UL) != 0 ? -1 : 1;
                    for (int t = 0; t < block; t++) a[row, i * block + t] = s * lifted[j * block + t];
                    row++;
                }

            programs.Add(new LinearProgram(c, a, b, lower: Enumerable.Repeat(double.NegativeInfinity, vars).ToArray()));
        }

        return programs;
    }
}
