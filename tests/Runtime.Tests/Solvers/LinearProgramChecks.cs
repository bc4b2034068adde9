using DslNets.Solvers;

namespace DslNets.Runtime.Tests.Solvers;

/// <summary>Checks of a point against a <see cref="LinearProgram"/>'s constraints, independent of any solver.</summary>
public static class LinearProgramChecks
{
    /// <summary>
    /// The largest violation of a row or bound by <paramref name="x"/>, relative to 1 + the largest right-hand side (rows) or
    /// to 1 + |bound| (bounds): the scale the simplex's absolute tolerance is stated against.
    /// </summary>
    public static double RelativeViolation(LinearProgram program, double[] x)
    {
        int n = program.VariableCount;
        Assert.Equal(n, x.Length);
        double scale = 1, worst = 0;
        foreach (double v in program.InequalityBounds ?? []) scale = Math.Max(scale, 1 + Math.Abs(v));
        foreach (double v in program.EqualityValues ?? []) scale = Math.Max(scale, 1 + Math.Abs(v));
        for (int i = 0; i < program.InequalityCount; i++) worst = Math.Max(worst, (Row(program.InequalityMatrix!, i, x) - program.InequalityBounds![i]) / scale);
        for (int i = 0; i < program.EqualityCount; i++) worst = Math.Max(worst, Math.Abs(Row(program.EqualityMatrix!, i, x) - program.EqualityValues![i]) / scale);
        for (int k = 0; k < n; k++)
        {
            if (double.IsFinite(program.Lower[k])) worst = Math.Max(worst, (program.Lower[k] - x[k]) / (1 + Math.Abs(program.Lower[k])));
            if (double.IsFinite(program.Upper[k])) worst = Math.Max(worst, (x[k] - program.Upper[k]) / (1 + Math.Abs(program.Upper[k])));
        }

        return worst;
    }

    private static double Row(double[,] matrix, int i, double[] x)
    {
        double s = 0;
        for (int k = 0; k < x.Length; k++) s += matrix[i, k] * x[k];
        return s;
    }

    /// <summary>An FNV-1a hash of every number of the program (bits, in a fixed order): pins a generated program to the one a test was written for.</summary>
    public static ulong Fingerprint(LinearProgram program)
    {
        ulong hash = 14695981039346656037UL;
        void Mix(double v) { hash ^= BitConverter.DoubleToUInt64Bits(v); hash *= 1099511628211UL; }
        foreach (double v in program.Objective) Mix(v);
        foreach (double v in program.InequalityMatrix ?? new double[0, 0]) Mix(v);
        foreach (double v in program.InequalityBounds ?? []) Mix(v);
        foreach (double v in program.EqualityMatrix ?? new double[0, 0]) Mix(v);
        foreach (double v in program.EqualityValues ?? []) Mix(v);
        foreach (double v in program.Lower) Mix(v);
        foreach (double v in program.Upper) Mix(v);
        return hash;
    }
}
