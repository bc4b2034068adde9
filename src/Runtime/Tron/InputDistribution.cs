namespace DslNets.Tron;

/// <summary>The family of an <see cref="InputDistribution"/>.</summary>
public enum InputDistributionKind
{
    /// <summary>N(0, σ²) in every coordinate.</summary>
    Gaussian,

    /// <summary>Laplace(0, b): density e^{−|x|/b}/(2b) in every coordinate.</summary>
    Laplace,

    /// <summary>Student's t with ν degrees of freedom in every coordinate.</summary>
    StudentT,
}

/// <summary>
/// A symmetric input distribution with independent, identically distributed coordinates, as in the Neuro-Tron
/// experiments: N(0, 1), N(0, 9), Laplace with scale 2, Student-t with 4 degrees of freedom.
/// </summary>
public sealed record InputDistribution
{
    private InputDistribution(InputDistributionKind kind, double parameter, string name)
    {
        Kind = kind;
        Parameter = parameter;
        Name = name;
    }

    /// <summary>The family.</summary>
    public InputDistributionKind Kind { get; }

    /// <summary>σ for <see cref="InputDistributionKind.Gaussian"/>, b for Laplace, ν for Student-t.</summary>
    public double Parameter { get; }

    /// <summary>A short name for tables and plots, e.g. "N(0,9)".</summary>
    public string Name { get; }

    /// <summary>The variance of one coordinate: σ², 2b², ν/(ν−2) (infinite for ν ≤ 2).</summary>
    public double Variance => Kind switch
    {
        InputDistributionKind.Gaussian => Parameter * Parameter,
        InputDistributionKind.Laplace => 2 * Parameter * Parameter,
        _ => Parameter > 2 ? Parameter / (Parameter - 2) : double.PositiveInfinity,
    };

    /// <summary>N(0, <paramref name="standardDeviation"/>²) coordinates.</summary>
    public static InputDistribution Gaussian(double standardDeviation)
    {
        if (!(standardDeviation > 0) || double.IsInfinity(standardDeviation))
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "Expected a finite standard deviation > 0.");
        return new(InputDistributionKind.Gaussian, standardDeviation, $"N(0,{standardDeviation * standardDeviation:0.###})");
    }

    /// <summary>Laplace(0, <paramref name="scale"/>) coordinates (variance 2·scale²).</summary>
    public static InputDistribution Laplace(double scale)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Expected a finite scale > 0.");
        return new(InputDistributionKind.Laplace, scale, $"Laplace({scale:0.###})");
    }

    /// <summary>Student-t coordinates with <paramref name="degreesOfFreedom"/> (a positive integer) degrees of freedom.</summary>
    public static InputDistribution StudentT(int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1)
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "Expected at least 1 degree of freedom.");
        return new(InputDistributionKind.StudentT, degreesOfFreedom, $"Student-t({degreesOfFreedom})");
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
