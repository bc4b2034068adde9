using DslNets.Solvers;

namespace DslNets.Benchmarks.Solvers;

/// <summary>
/// A <see cref="LinearProgram"/> in the form the interior-point solver takes (free variables, A x ≤ b, E x = d; finite
/// bounds become rows), solved as the ERM solves its linear programs: Q = 0, tolerance <see cref="ExactErm.SolverTolerance"/>,
/// at most 200 iterations.
/// </summary>
public sealed class InteriorPointLinearProgram
{
    private readonly int _n, _m, _p;
    private readonly double[] _q, _c, _a, _b, _e, _d, _x, _lambda, _nu;
    private readonly InteriorPointQp _solver;

    /// <summary>Rewrites <paramref name="program"/>.</summary>
    public InteriorPointLinearProgram(LinearProgram program)
    {
        _n = program.VariableCount;
        var rows = new List<(double[] Row, double Bound)>();
        for (int i = 0; i < program.InequalityCount; i++)
            rows.Add((Enumerable.Range(0, _n).Select(k => program.InequalityMatrix![i, k]).ToArray(), program.InequalityBounds![i]));
        for (int k = 0; k < _n; k++)
        {
            if (double.IsFinite(program.Lower[k])) rows.Add((Unit(k, -1), -program.Lower[k]));
            if (double.IsFinite(program.Upper[k])) rows.Add((Unit(k, 1), program.Upper[k]));
        }

        _m = rows.Count;
        _p = program.EqualityCount;
        _q = new double[_n * _n];
        _c = (double[])program.Objective.Clone();
        _a = rows.SelectMany(r => r.Row).ToArray();
        _b = rows.Select(r => r.Bound).ToArray();
        _e = new double[_p * _n];
        for (int i = 0; i < _p; i++) for (int k = 0; k < _n; k++) _e[i * _n + k] = program.EqualityMatrix![i, k];
        _d = _p > 0 ? (double[])program.EqualityValues!.Clone() : [];
        _x = new double[_n];
        _lambda = new double[_m];
        _nu = new double[_p];
        _solver = new InteriorPointQp(_n, _m, _p);
    }

    /// <summary>Solves it; returns cᵀx (NaN unless optimal).</summary>
    public double Solve()
    {
        SolverStatus status = _solver.Solve(_n, _m, _p, _q, _c, _a, _b, _e, _d, _x, _lambda, _nu, Erm.ExactErm.SolverTolerance, 200);
        if (status != SolverStatus.Optimal) return double.NaN;
        double value = 0;
        for (int k = 0; k < _n; k++) value += _c[k] * _x[k];
        return value;
    }

    private double[] Unit(int k, double value)
    {
        var row = new double[_n];
        row[k] = value;
        return row;
    }
}
