using DslNets.Gpu;
using DslNets.PacBayes;

namespace Certify;

/// <summary>What one run does; <see cref="Quick"/> shrinks every count for a look in well under a minute.</summary>
/// <param name="SgdEpochs">Dziugaite–Roy: SGD epochs before the bound is optimised.</param>
/// <param name="BoundEpochs">Dziugaite–Roy: epochs of the bound optimisation.</param>
/// <param name="PosteriorEpochs">Pérez-Ortiz: PAC-Bayes-by-backprop epochs.</param>
/// <param name="MonteCarloSamples">Draws per bound sample (per-sample sampling) or whole networks drawn.</param>
/// <param name="BoundRate">The SGD rate (momentum 0.9) of μ in the Dziugaite–Roy optimisation.</param>
/// <param name="ScaleOptimizer">"adam" or "sgd" for ρ and ln σ₀ in the Dziugaite–Roy optimisation.</param>
/// <param name="ScaleRate">Adam's rate for ρ and ln σ₀ (with "adam").</param>
/// <param name="BoundPMin">p_min of the bounded cross-entropy that the Dziugaite–Roy objective uses as its surrogate of the 0-1 error.</param>
/// <param name="Subset">When set, the training images used (and a third as many test images): a smoke run, e.g. of --device cpu.</param>
/// <param name="Device">Where PAC-Bayes-by-backprop and the Monte-Carlo certificates run: null for the host, else the device to open.</param>
/// <param name="PriorNoise">Pérez-Ortiz (both settings): σ of the weight noise the prior's SGD learns under (0: none).</param>
/// <param name="PriorRate">Pérez-Ortiz (both settings): the prior's SGD learning rate.</param>
/// <param name="DziugaiteRoyLabels">Which Dziugaite–Roy runs: "both", "true" or "random" labels.</param>
/// <param name="MemoriseError">Random labels: SGD runs until the net's training error is at most this (Dziugaite and Roy's net memorises them).</param>
/// <param name="MemoriseMaxEpochs">Random labels: the most SGD epochs spent memorising; the run reports the error it reached if it stops here.</param>
/// <param name="MemoriseRate">Random labels: the SGD rate (momentum 0.9, batch 100) of the memorising run.</param>
/// <param name="UnionOver">How many settings were tried and the best kept: each certificate uses δ/UnionOver (a union bound over them).</param>
/// <param name="PriorCosine">Pérez-Ortiz (both settings): the prior's SGD rate anneals to 0 by a cosine over its epochs (else constant).</param>
/// <param name="ShuffledSplit">Pérez-Ortiz (both settings): halve the training images after a seeded shuffle (their code's random split) instead of taking the first and second 30,000.</param>
/// <param name="PbbPrior">Pérez-Ortiz (both settings): learn the prior by their code's recipe (dropout 0.2, batch 250, momentum 0.99; with
/// <see cref="PriorNoise"/> 0 and <see cref="PriorRate"/> 0.005 unless given) in single precision, instead of the noisy SGD (batch 100, momentum 0.95).</param>
/// <param name="PerezSigma">Pérez-Ortiz (both settings): σ_prior, the standard deviation of the prior and of the posterior's start (their σ_prior, 0.03 by default; their grid went down to 0.005).</param>
/// <param name="RunPerezOrtizCnn">Pérez-Ortiz et al.'s CNN setting (--setting perez-cnn); the epoch and draw counts then are its own.</param>
public sealed record CertifySettings(string MnistFolder, bool RunDziugaiteRoy, bool RunPerezOrtiz, bool Quick, long Seed, string OutFolder,
    int SgdEpochs, int BoundEpochs, int PosteriorEpochs, int PriorEpochs, int MonteCarloSamples, MonteCarloSampling Sampling, double BoundRate, double PosteriorRate,
    double PriorSigma, string ScaleOptimizer, double ScaleRate, double BoundPMin, DeviceKind? Device = null, int? Subset = null, bool RunPerezOrtizCnn = false, double PriorNoise = 0.03, double PriorRate = 0.01,
    string DziugaiteRoyLabels = "both", double MemoriseError = 0.05, int MemoriseMaxEpochs = 300, double MemoriseRate = 0.01, int UnionOver = 1, bool PriorCosine = false, bool ShuffledSplit = false, bool PbbPrior = false, double PerezSigma = 0.03)
{
    /// <summary>The prior's SGD batch: 250 in their code's recipe, else 100.</summary>
    public int PriorBatch => PbbPrior ? 250 : 100;

    /// <summary>The prior's SGD momentum: 0.99 in their code's recipe, else 0.95.</summary>
    public double PriorMomentum => PbbPrior ? 0.99 : 0.95;

    /// <summary>Training images used (all 60,000, or 6,000 with --quick, or --subset).</summary>
    public int TrainingCount => Subset ?? (Quick ? 6_000 : 60_000);

    /// <summary>Test images used (all 10,000, or 2,000 with --quick, or a third of --subset).</summary>
    public int TestCount => Subset is { } subset ? Math.Max(100, subset / 3) : Quick ? 2_000 : 10_000;

    /// <summary>Weight draws for the stochastic test error (fewer than for the certificate: it is a report, not part of the bound).</summary>
    public int TestSamples => Math.Max(8, MonteCarloSamples / 10);

    /// <summary>
    /// The CNN's draws per test image for its stochastic test error: a CNN draw costs ~3 ms a sample on 2 cores, so half the
    /// certificate's (at least one); 2 draws of 10,000 images already give a standard error near 0.001.
    /// </summary>
    public int CnnTestSamples => Math.Max(1, MonteCarloSamples / 2);

    /// <summary>The MNIST folder given, or shared/data/mnist beside an ancestor of the repository; a clear error when neither exists.</summary>
    public static string LocateMnist(string? given)
    {
        if (given is not null)
            return Directory.Exists(given) ? given : throw new ArgumentException($"Expected a folder with the four MNIST files at '{given}' but it does not exist (scripts/fetch-mnist.sh fetches them).");
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data", "mnist");
                if (Directory.Exists(candidate)) return candidate;
            }
        throw new ArgumentException("Expected --mnist <folder with the four MNIST IDX files>; none was given and no shared/data/mnist lies above this folder (scripts/fetch-mnist.sh fetches them).");
    }
}
