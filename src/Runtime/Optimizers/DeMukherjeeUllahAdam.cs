using System.Numerics;
using System.Numerics.Tensors;

namespace DslNets.Optimizers;

/// <summary>
/// ADAM in the form analysed by De, Mukherjee and Ullah, "Convergence guarantees for RMSProp and ADAM in non-convex
/// optimization and an empirical comparison to Nesterov acceleration" (arXiv 1807.06766), Algorithm 2: with
/// m₀ = v₀ = 0,
/// <code>
/// m_t = β₁ m_{t−1} + (1 − β₁) g_t,   v_t = β₂ v_{t−1} + (1 − β₂) g_t²,
/// x_{t+1} = x_t − α (V_t^{1/2} + diag(ξ 1_d))^{−1} m_t,   V_t = diag(v_t).
/// </code>
/// There is no bias correction, and ξ &gt; 0 is added to √v_t (the same place as PyTorch's ε, but the paper's ξ is
/// not tiny and its analysis depends on it). The paper's experiments stress β₁ = 0.99 against the usual 0.9.
/// PyTorch's <c>Adam</c> (with bias correction) is <see cref="Adam{T}"/>.
/// <para>
/// What was checked: the equations (no bias correction, ξ added to √v_t in the denominator) are the ones
/// ALGORITHMS.md §5 states, and they match Algorithm 2 of the paper as the implementer recalls it. A search of the
/// stored public sources (pages and docs corpora; the code index for the LaTeX of the box) found only the paper's
/// title and abstract (an arXiv-vanity rendering, which reports the β₁ = 0.99 finding against a tuned NAG), not the
/// algorithm box, so it could not be re-read against a stored copy. The tests check this implementation against
/// hand-computed steps and against an independent NumPy implementation of these equations
/// (tests/tools/optimizer_reference.py).
/// </para>
/// </summary>
/// <typeparam name="T">The element type (float or double).</typeparam>
public sealed class DeMukherjeeUllahAdam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _beta1;
    private readonly T _oneMinusBeta1;
    private readonly T _beta2;
    private readonly T _oneMinusBeta2;
    private readonly T _xi;
    private readonly T[] _first;
    private readonly T[] _second;
    private readonly T[] _scratch;

    /// <summary>Creates the optimiser for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The length of the parameter vector.</param>
    /// <param name="learningRate">α.</param>
    /// <param name="beta1">β₁ ∈ [0, 1).</param>
    /// <param name="beta2">β₂ ∈ [0, 1).</param>
    /// <param name="xi">ξ &gt; 0.</param>
    public DeMukherjeeUllahAdam(int parameterCount, double learningRate, double beta1, double beta2, double xi)
        : base(parameterCount, learningRate)
    {
        CheckRange(nameof(DeMukherjeeUllahAdam<T>), nameof(beta1), beta1, 0.0, 1.0);
        CheckRange(nameof(DeMukherjeeUllahAdam<T>), nameof(beta2), beta2, 0.0, 1.0);
        if (!(xi > 0.0) || !double.IsFinite(xi))
            throw new ArgumentOutOfRangeException(nameof(xi), xi, $"DeMukherjeeUllahAdam: expected a finite ξ > 0 but got {xi}.");
        _beta1 = T.CreateChecked(beta1);
        _oneMinusBeta1 = T.CreateChecked(1.0 - beta1);
        _beta2 = T.CreateChecked(beta2);
        _oneMinusBeta2 = T.CreateChecked(1.0 - beta2);
        _xi = T.CreateChecked(xi);
        _first = NewState();
        _second = NewState();
        _scratch = NewState();
        Beta1 = beta1;
        Beta2 = beta2;
        Xi = xi;
    }

    /// <summary>β₁, as passed to the constructor.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, as passed to the constructor.</summary>
    public double Beta2 { get; }

    /// <summary>ξ, as passed to the constructor.</summary>
    public double Xi { get; }

    /// <summary>The first moment m (live), for the device hand-over (DslNets.Gpu).</summary>
    internal T[] FirstMomentState => _first;

    /// <summary>The second moment v (live), for the device hand-over (DslNets.Gpu).</summary>
    internal T[] SecondMomentState => _second;

    /// <inheritdoc />
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        Span<T> m = _first;
        Span<T> v = _second;
        Span<T> s = _scratch;
        TensorPrimitives.Multiply(m, _beta1, m);
        TensorPrimitives.MultiplyAdd(gradient, _oneMinusBeta1, m, m);
        TensorPrimitives.Multiply(gradient, gradient, s);
        TensorPrimitives.Multiply(v, _beta2, v);
        TensorPrimitives.MultiplyAdd(s, _oneMinusBeta2, v, v);
        TensorPrimitives.Sqrt(v, s);
        TensorPrimitives.Add(s, _xi, s);
        TensorPrimitives.Divide(m, s, s);
        TensorPrimitives.MultiplyAdd(s, -LearningRate, parameters, parameters);
    }

    /// <inheritdoc />
    protected override void ClearState()
    {
        Array.Clear(_first);
        Array.Clear(_second);
    }

    /// <inheritdoc />
    public override string ToString() => $"ADAM[De-Mukherjee-Ullah](α={LearningRate}, β₁={_beta1}, β₂={_beta2}, ξ={_xi})";
}
