using System.Globalization;
using DslNets.Optimizers;

namespace AdamVsNesterov;

/// <summary>The families the study compares; a family's best member (lowest final loss) is its tuned representative.</summary>
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
}

/// <summary>One optimiser configuration of the grid: a family and its hyperparameters.</summary>
internal sealed record OptimizerSpec(OptimizerFamily Family, double LearningRate, double Beta1, double Beta2, double Xi, double Momentum)
{
    /// <summary>Builds a fresh optimiser for <paramref name="parameterCount"/> parameters.</summary>
    public IOptimizer<float> Create(int parameterCount) => Family switch
    {
        OptimizerFamily.Adam09 or OptimizerFamily.Adam099 => new DeMukherjeeUllahAdam<float>(parameterCount, LearningRate, Beta1, Beta2, Xi),
        OptimizerFamily.RmsProp => new DeMukherjeeUllahRmsProp<float>(parameterCount, LearningRate, Beta2, Xi),
        OptimizerFamily.Nesterov => new NesterovAcceleratedGradient<float>(parameterCount, LearningRate, Momentum),
        _ => throw new ArgumentOutOfRangeException(nameof(Family), Family, "Expected one of the four optimiser families."),
    };

    /// <summary>A short label for tables and legends.</summary>
    public string Label => Family switch
    {
        OptimizerFamily.Adam09 or OptimizerFamily.Adam099 => $"ADAM β₁={G(Beta1)} α={G(LearningRate)} ξ={G(Xi)}",
        OptimizerFamily.RmsProp => $"RMSProp α={G(LearningRate)} ξ={G(Xi)}",
        _ => $"NAG α={G(LearningRate)} μ={G(Momentum)}",
    };

    /// <summary>A compact label for plot legends, which have little room.</summary>
    public string LegendLabel => Family switch
    {
        OptimizerFamily.Adam09 or OptimizerFamily.Adam099 => $"ADAM{G(Beta1)[1..]} α{G(LearningRate)} ξ{G(Xi)}",
        OptimizerFamily.RmsProp => $"RMSP α{G(LearningRate)} ξ{G(Xi)}",
        _ => $"NAG α{G(LearningRate)} μ{G(Momentum)[1..]}",
    };

    /// <summary>The family's name in the verdict table.</summary>
    public static string FamilyName(OptimizerFamily family) => family switch
    {
        OptimizerFamily.Adam09 => "ADAM β₁=0.9",
        OptimizerFamily.Adam099 => "ADAM β₁=0.99",
        OptimizerFamily.RmsProp => "RMSProp",
        _ => "NAG (tuned)",
    };

    /// <summary>
    /// The grid: ADAM with β₁ ∈ {0.9, 0.99} and RMSProp for every step in <paramref name="adaptiveRates"/> × ξ in
    /// <paramref name="xis"/>, and NAG for every step × momentum pair. Every family is tuned over its own grid.
    /// </summary>
    public static IReadOnlyList<OptimizerSpec> Grid(IReadOnlyList<double> adaptiveRates, double beta2, IReadOnlyList<double> xis,
        IReadOnlyList<double> nesterovRates, IReadOnlyList<double> momenta)
    {
        var grid = new List<OptimizerSpec>();
        foreach ((OptimizerFamily family, double beta1) in new[] { (OptimizerFamily.Adam099, 0.99), (OptimizerFamily.Adam09, 0.9), (OptimizerFamily.RmsProp, 0.0) })
        {
            foreach (double rate in adaptiveRates)
            {
                foreach (double xi in xis) grid.Add(new OptimizerSpec(family, rate, beta1, beta2, xi, 0));
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
