using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Optimizers;

/// <summary>
/// RMSProp in the form analysed by De, Mukherjee and Ullah, "Convergence guarantees for RMSProp and ADAM in non-convex
/// optimization and an empirical comparison to Nesterov acceleration" (arXiv 1807.06766), Algorithm 1: with v₀ = 0,
/// <code>
/// v_t = β₂ v_{t−1} + (1 − β₂)(g_t² + ξ 1_d),   x_{t+1} = x_t − α V_t^{−1/2} g_t,   V_t = diag(v_t).
/// </code>
/// The constant ξ &gt; 0 is added to the squared gradient inside the average (not to the square root, and there is
/// no separate ε), so v_t ≥ (1 − β₂ᵗ)ξ and the step is bounded from the first iteration. There is no bias correction,
/// no momentum and no weight decay. PyTorch's <c>RMSprop</c> (ε outside the square root) is <see cref="RmsProp{T}"/>.
/// <para>
/// What was checked: the placement of ξ (inside the average, added to g_t², with v_t^{−1/2} and no ε in the step) is
/// the one ALGORITHMS.md §5 states, and it matches Algorithm 1 of the paper as the implementer recalls it. A search of
/// the stored public sources (pages and docs corpora; the code index for the LaTeX of the box) found only the paper's
/// title and abstract (an arXiv-vanity rendering), not the algorithm box, so it could not be re-read against a stored
/// copy. The tests check this implementation against hand-computed steps and against an independent NumPy
/// implementation of the two equations above (tests/tools/optimizer_reference.py).
/// </para>
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class DeMukherjeeUllahRmsProp<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _beta2;
    private readonly T _oneMinusBeta2;
    private readonly T _xi;
    private readonly T[] _second;
    private readonly T[] _scratch;

    /// <summary>Creates the optimiser for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">α.</param>
    /// <param name="beta2">β₂ ∈ [0, 1).</param>
    /// <param name="xi">ξ &gt; 0 (the paper's experiments use values that are not tiny, e.g. 1e-4 to 0.1).</param>
    public DeMukherjeeUllahRmsProp(int parameterCount, double learningRate, double beta2, double xi)
        : base(parameterCount, learningRate)
    {
        CheckRange(nameof(DeMukherjeeUllahRmsProp<T>), nameof(beta2), beta2, 0.0, 1.0);
        if (!(xi > 0.0) || !double.IsFinite(xi))
            throw new ArgumentOutOfRangeException(nameof(xi), xi, $"DeMukherjeeUllahRmsProp: expected a finite ξ > 0 but got {xi}.");
        _beta2 = T.CreateChecked(beta2);
        _oneMinusBeta2 = T.CreateChecked(1.0 - beta2);
        _xi = T.CreateChecked(xi);
        _second = NewState();
        _scratch = NewState();
        Beta2 = beta2;
        Xi = xi;
    }

    /// <summary>β₂, as passed to the constructor.</summary>
    public double Beta2 { get; }

    /// <summary>ξ, as passed to the constructor.</summary>
    public double Xi { get; }

    /// <summary>The second moment v (live), for the device hand-over (DslNets.Gpu).</summary>
    internal T[] SecondMomentState => _second;

    /// <inheritdoc />
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        Span<T> v = _second;
        Span<T> s = _scratch;
        TensorPrimitives.Multiply(gradient, gradient, s);
        TensorPrimitives.Add(s, _xi, s);
        TensorPrimitives.Multiply(v, _beta2, v);
        TensorPrimitives.MultiplyAdd(s, _oneMinusBeta2, v, v);
        TensorPrimitives.Sqrt(v, s);
        TensorPrimitives.Divide(gradient, s, s);
        TensorPrimitives.MultiplyAdd(s, -LearningRate, parameters, parameters);
    }

    /// <inheritdoc />
    protected override void ClearState() => Array.Clear(_second);

    /// <inheritdoc />
    public override string ToString() => $"RMSProp[De-Mukherjee-Ullah](α={LearningRate}, β₂={_beta2}, ξ={_xi})";
}
