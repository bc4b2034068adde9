namespace DslNets.Solvers;

/// <summary>
/// How far a point (x, λ, ν) is from the Karush–Kuhn–Tucker conditions of
/// min ½xᵀQx + cᵀx subject to A x ≤ b, E x = d: each entry is a max-norm, computed from the problem data.
/// </summary>
/// <param name="Stationarity">‖Qx + c + Aᵀλ + Eᵀν‖∞.</param>
/// <param name="PrimalFeasibility">max(maxᵢ (Aᵢx − bᵢ)⁺, ‖Ex − d‖∞).</param>
/// <param name="DualFeasibility">maxᵢ (−λᵢ)⁺.</param>
/// <param name="Complementarity">maxᵢ |λᵢ (bᵢ − Aᵢx)|.</param>
public readonly record struct KktResidual(double Stationarity, double PrimalFeasibility, double DualFeasibility, double Complementarity)
{
    /// <summary>The largest of the four.</summary>
    public double Max => Math.Max(Math.Max(Stationarity, PrimalFeasibility), Math.Max(DualFeasibility, Complementarity));

    /// <summary>Computes the residual from row-major data (Q n×n, A m×n, E p×n).</summary>
    public static KktResidual Compute(int n, int m, int p,
        ReadOnlySpan<double> q, ReadOnlySpan<double> c, ReadOnlySpan<double> a, ReadOnlySpan<double> b,
        ReadOnlySpan<double> e, ReadOnlySpan<double> d,
        ReadOnlySpan<double> x, ReadOnlySpan<double> lambda, ReadOnlySpan<double> nu)
    {
        double stationarity = 0, primal = 0, dual = 0, complementarity = 0;
        for (int k = 0; k < n; k++)
        {
            double g = c[k];
            for (int l = 0; l < n; l++) g += q[k * n + l] * x[l];
            for (int i = 0; i < m; i++) g += a[i * n + k] * lambda[i];
            for (int i = 0; i < p; i++) g += e[i * n + k] * nu[i];
            stationarity = Math.Max(stationarity, Math.Abs(g));
        }
        for (int i = 0; i < m; i++)
        {
            double ax = 0;
            for (int k = 0; k < n; k++) ax += a[i * n + k] * x[k];
            primal = Math.Max(primal, ax - b[i]);
            dual = Math.Max(dual, -lambda[i]);
            complementarity = Math.Max(complementarity, Math.Abs(lambda[i] * (b[i] - ax)));
        }
        for (int i = 0; i < p; i++)
        {
            double ex = 0;
            for (int k = 0; k < n; k++) ex += e[i * n + k] * x[k];
            primal = Math.Max(primal, Math.Abs(ex - d[i]));
        }
        return new KktResidual(stationarity, primal, dual, complementarity);
    }
}
