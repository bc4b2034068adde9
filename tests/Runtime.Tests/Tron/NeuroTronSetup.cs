using DslNets.Tron;

namespace DslNets.Runtime.Tests.Tron;

/// <summary>The experiments' setting at n = 100, r = 25, k = 10: matrices, a teacher with w* ~ N(0, I), a learner.</summary>
internal static class NeuroTronSetup
{
    public static FilterMatrices Matrices(long seed) => FilterMatrices.Create(25, 100, 10, seed);

    public static NeuroTron100 Teacher(FilterMatrices matrices, long seed)
    {
        var teacher = new NeuroTron100(1, matrices.Stacked);
        new SeededRandom(seed).FillGaussian(teacher.Filter.Filter);
        return teacher;
    }

    public static TeacherStream<NeuroTron100, double> Stream(long seed, InputDistribution distribution, PoisoningAttack attack, out NeuroTron100 student)
    {
        var matrices = Matrices(seed);
        var teacher = Teacher(matrices, seed + 1000);
        student = new NeuroTron100(2, matrices.Stacked);
        return new TeacherStream<NeuroTron100, double>(teacher, new InputSampler(distribution, seed + 2000), attack, attackSeed: seed + 3000);
    }

    /// <summary>Naive (1/k) Σ_i ReLU(Σ_a w_a (A_i x)_a), straight from the definition.</summary>
    public static double NaiveForward(double[] stacked, int r, int k, int n, ReadOnlySpan<double> w, ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < k; i++)
        {
            double z = 0;
            for (int a = 0; a < r; a++)
            {
                double ax = 0;
                for (int c = 0; c < n; c++) ax += stacked[(i * r + a) * n + c] * x[c];
                z += w[a] * ax;
            }
            sum += Math.Max(0, z);
        }
        return sum / k;
    }
}
