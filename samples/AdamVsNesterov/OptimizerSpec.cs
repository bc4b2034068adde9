using System.Globalization;
using DslNets.Optimizers;

namespace AdamVsNesterov;

/// <summary>
/// The families the study compares; a family's tuned representative in a setting is its member with the lowest mean
/// final loss over seeds. The numbers are those of finished-runs.json files: new families go at the end.
/// </summary>
internal enum OptimizerFamily
{
    /// <summary>ADAM in the paper's form (no bias correction, ξ added to √v) with β₁ = 0.9.</summary>
    Adam09,

    /// <summary>ADAM in the paper's form with β₁ = 0.99, the setting the paper recommends.</summary>
    Adam099,

    /// <summary>RMSProp in the paper's form (ξ inside the average of g²).</summary>
    RmsProp,

    /// <summary>Nesterov's accelerated gradient (Sutskever's momentum form) over a grid of steps and momenta.</summary>
    Nesterov,

    /// <summary>ADAM in the standard form (PyTorch's <c>Adam</c>: bias correction, ε added to √v̂) with β₁ = 0.9.</summary>
    StandardAdam09,

    /// <summary>ADAM in the standard form with β₁ = 0.99.</summary>
    StandardAdam099,
}

/// <summary>One optimiser configuration of the grid: a family and its hyperparameters.</summary>
/// <param name="Family">The family.</param>
/// <param name="LearningRate">The step α.</param>
/// <param name="Beta1">β₁ of ADAM (0 otherwise).</param>
/// <param name="Beta2">β₂ of ADAM and RMSProp (0 for NAG).</param>
/// <param name="Xi">ξ of the paper's forms, or ε of the standard ADAM (0 for NAG).</param>
/// <param name="Momentum">μ of NAG (0 otherwise).</param>
internal sealed record OptimizerSpec(OptimizerFamily Family, double LearningRate, double Beta1, double Beta2, double Xi, double Momentum)
{
    /// <summary>The families in the order of tables, plots and the verdict: the paper's claim first.</summary>
    public static readonly OptimizerFamily[] Families =
    [
        OptimizerFamily.Adam099, OptimizerFamily.Adam09, OptimizerFamily.StandardAdam099, OptimizerFamily.StandardAdam09,
        OptimizerFamily.RmsProp, OptimizerFamily.Nesterov,
    ];

    /// <summary>Builds a fresh optimiser for <paramref name="parameterCount"/> parameters.</summary>
    public IOptimizer<float> Create(int parameterCount) => Family switch
    {
        OptimizerFamily.Adam09 or OptimizerFamily.Adam099 => new DeMukherjeeUllahAdam<float>(parameterCount, LearningRate, Beta1, Beta2, Xi),
        OptimizerFamily.StandardAdam09 or OptimizerFamily.StandardAdam099 => new Adam<float>(parameterCount, LearningRate, Beta1, Beta2, Xi),
        OptimizerFamily.RmsProp => new DeMukherjeeUllahRmsProp<float>(parameterCount, LearningRate, Beta2, Xi),
        OptimizerFamily.Nesterov => new NesterovAcceleratedGradient<float>(parameterCount, LearningRate, Momentum),
        _ => throw new ArgumentOutOfRangeException(nameof(Family), Family, "Expected one of the six optimiser families."),
    };

    /// <summary>Whether ξ is a tuned axis of the family's grid (the paper's ADAM and RMSProp; the standard ADAM's ε is not).</summary>
    public bool HasXiAxis => HasXi(Family);

    /// <summary>A short label for tables.</summary>
    public string Label => Family switch
    {
        OptimizerFamily.Adam09 or OptimizerFamily.Adam099 => $"ADAM β₁={G(Beta1)} α={G(LearningRate)} ξ={G(Xi)}",
        OptimizerFamily.StandardAdam09 or OptimizerFamily.StandardAdam099 => $"Adam (bias-corrected) β₁={G(Beta1)} α={G(LearningRate)} ε={G(Xi)}",
        OptimizerFamily.RmsProp => $"RMSProp α={G(LearningRate)} ξ={G(Xi)}",
        _ => $"NAG α={G(LearningRate)} μ={G(Momentum)}",
    };

    /// <summary>A compact label for plot legends, which have little room.</summary>
    public string LegendLabel => Family switch
    {
        OptimizerFamily.Adam09 or OptimizerFamily.Adam099 => $"ADAM{G(Beta1)[1..]} α{G(LearningRate)} ξ{G(Xi)}",
        OptimizerFamily.StandardAdam09 or OptimizerFamily.StandardAdam099 => $"bcAdam{G(Beta1)[1..]} α{G(LearningRate)}",
        OptimizerFamily.RmsProp => $"RMSP α{G(LearningRate)} ξ{G(Xi)}",
        _ => $"NAG α{G(LearningRate)} μ{G(Momentum)[1..]}",
    };

    /// <summary>Whether <paramref name="family"/> tunes ξ.</summary>
    public static bool HasXi(OptimizerFamily family) =>
        family is OptimizerFamily.Adam09 or OptimizerFamily.Adam099 or OptimizerFamily.RmsProp;

    /// <summary>The family's name in the tables.</summary>
    public static string FamilyName(OptimizerFamily family) => family switch
    {
        OptimizerFamily.Adam09 => "ADAM β₁=0.9 (paper)",
        OptimizerFamily.Adam099 => "ADAM β₁=0.99 (paper)",
        OptimizerFamily.StandardAdam09 => "Adam β₁=0.9 (bias-corrected)",
        OptimizerFamily.StandardAdam099 => "Adam β₁=0.99 (bias-corrected)",
        OptimizerFamily.RmsProp => "RMSProp (paper)",
        _ => "NAG",
    };

    /// <summary>
    /// The grid: ADAM in the paper's form with β₁ ∈ {0.99, 0.9} and RMSProp for every step in
    /// <paramref name="adaptiveRates"/> × ξ in <paramref name="xis"/>; the bias-corrected ADAM with both β₁ for every
    /// step × ε in <paramref name="epsilons"/>; NAG for every step × momentum pair. Every family is tuned over its own grid.
    /// </summary>
    public static IReadOnlyList<OptimizerSpec> Grid(IReadOnlyList<double> adaptiveRates, double beta2, IReadOnlyList<double> xis,
        IReadOnlyList<double> epsilons, IReadOnlyList<double> nesterovRates, IReadOnlyList<double> momenta)
    {
        var grid = new List<OptimizerSpec>();
        foreach ((OptimizerFamily family, double beta1) in new[] { (OptimizerFamily.Adam099, 0.99), (OptimizerFamily.Adam09, 0.9), (OptimizerFamily.RmsProp, 0.0) })
        {
            foreach (double rate in adaptiveRates)
            {
                foreach (double xi in xis) grid.Add(new OptimizerSpec(family, rate, beta1, beta2, xi, 0));
            }
        }

        foreach ((OptimizerFamily family, double beta1) in new[] { (OptimizerFamily.StandardAdam099, 0.99), (OptimizerFamily.StandardAdam09, 0.9) })
        {
            foreach (double rate in adaptiveRates)
            {
                foreach (double epsilon in epsilons) grid.Add(new OptimizerSpec(family, rate, beta1, beta2, epsilon, 0));
            }
        }

        foreach (double momentum in momenta)
        {
            foreach (double rate in nesterovRates) grid.Add(new OptimizerSpec(OptimizerFamily.Nesterov, rate, 0, 0, 0, momentum));
        }

        return grid;
    }

    /// <summary>A compact number: 0.99 and 0.01 as they are, 0.0003 as 3e-4.</summary>
    public static string G(double value)
    {
        if (value == 0 || Math.Abs(value) >= 0.01) return value.ToString("G3", CultureInfo.InvariantCulture);
        int exponent = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        double mantissa = value / Math.Pow(10, exponent);
        return $"{mantissa.ToString("G3", CultureInfo.InvariantCulture)}e{exponent.ToString(CultureInfo.InvariantCulture)}";
    }
}
