namespace DslNets.Geometry;

/// <summary>Conveniences over <see cref="IPiecewiseLinearNetwork{TSelf}.AffineForms"/>: the pattern and the exact local affine map at an input.</summary>
public static class PiecewiseLinear
{
    /// <summary>The activation pattern of <paramref name="input"/>: which kink neurons are on there.</summary>
    public static ActivationPattern PatternOf<TNet>(TNet network, ReadOnlySpan<double> input) where TNet : IPiecewiseLinearNetwork<TNet>
    {
        var pattern = new ActivationPattern(TNet.KinkCount);
        network.AffineForms(pattern, derivePattern: true, input, ReadOnlySpan<double>.Empty, TNet.Layers.Count,
            new double[TNet.KinkCount], new double[TNet.OutputSize]);
        return pattern;
    }

    /// <summary>
    /// The exact affine map y = A x + c of the linear region that contains <paramref name="input"/> (the region of its
    /// activation pattern): <paramref name="a"/> is OutputSize×InputSize row-major, <paramref name="c"/> OutputSize.
    /// Returns the pattern.
    /// </summary>
    public static ActivationPattern LocalAffineMap<TNet>(TNet network, ReadOnlySpan<double> input, Span<double> a, Span<double> c)
        where TNet : IPiecewiseLinearNetwork<TNet>
    {
        int n = TNet.InputSize, m = TNet.OutputSize;
        if (a.Length != m * n) throw new ArgumentException($"Expected A of length {m}×{n} = {m * n} but got length {a.Length}.", nameof(a));
        if (c.Length != m) throw new ArgumentException($"Expected c of length {m} but got length {c.Length}.", nameof(c));
        if (input.Length != n) throw new ArgumentException($"Expected an input of length {n} but got length {input.Length}.", nameof(input));
        double[] identity = new double[n * n];
        for (int i = 0; i < n; i++) identity[i * n + i] = 1;
        var pattern = new ActivationPattern(TNet.KinkCount);
        double[] forms = new double[m * (n + 1)];
        network.AffineForms(pattern, derivePattern: true, input, identity, TNet.Layers.Count, new double[TNet.KinkCount * (n + 1)], forms);
        // Forms are in θ = x − input: y = A θ + y(input), so c = y(input) − A·input.
        for (int o = 0; o < m; o++)
        {
            double constant = forms[o * (n + 1) + n];
            for (int i = 0; i < n; i++)
            {
                double coefficient = forms[o * (n + 1) + i];
                a[o * n + i] = coefficient;
                constant -= coefficient * input[i];
            }

            c[o] = constant;
        }

        return pattern;
    }
}
