using System.CommandLine;
using Certify;
using DslNets.Gpu;
using DslNets.PacBayes;
using Spectre.Console;

// Nonvacuous PAC-Bayes risk certificates on MNIST (thesis chapter 6; ALGORITHMS.md section 6), in two published settings:
//   Dziugaite and Roy 2017: binary MNIST (digit ≥ 5), 784-600-1, SGD then the bound optimised, prior at the
//     initialisation with its scale chosen by a union bound; the same with random labels must come out vacuous.
//   Pérez-Ortiz et al. 2021: 10-class MNIST, 784-600-600-600-10, prior learnt on half the training data, the quadratic
//     objective; the bound is evaluated on the other half. perez-cnn: the same recipe with their MNIST CNN.
//   dotnet run -c Release --project samples/Certify -- --mnist <folder> [--setting dr|perez|perez-cnn|both] [--quick] [--device cuda|cpu|auto]
var mnistOption = new Option<string?>("--mnist") { Description = "Folder with the four MNIST IDX files (raw or .gz). Default: shared/data/mnist above this folder." };
var settingOption = new Option<string>("--setting") { Description = "dr (Dziugaite–Roy), perez (Pérez-Ortiz et al.), both (dr and perez), or perez-cnn (Pérez-Ortiz et al.'s CNN, on its own: its defaults differ).", DefaultValueFactory = _ => "both" };
var quickOption = new Option<bool>("--quick") { Description = "6,000 training and 2,000 test images, few epochs and draws: a look in well under a minute." };
var seedOption = new Option<long>("--seed") { Description = "Seed of the initialisation, the batches and the weight draws.", DefaultValueFactory = _ => 1 };
// Dziugaite–Roy defaults: a short SGD run stays nearer w₀ (‖w − w₀‖ 5.2 after 2 epochs, 9.05 after 10), so less KL has to be
// paid, and the bound optimisation was still improving after 10 epochs: 2 and 20 gave 0.173, 10 and 10 gave 0.187 (RESULTS.md).
var sgdEpochsOption = new Option<int?>("--sgd-epochs") { Description = "SGD epochs before the bound is optimised (Dziugaite–Roy). Default 2." };
var boundEpochsOption = new Option<int?>("--bound-epochs") { Description = "Epochs of the Dziugaite–Roy bound optimisation. Default 20 (quick: 1)." };
var priorEpochsOption = new Option<int?>("--prior-epochs") { Description = "SGD epochs that learn the prior on half the data (Pérez-Ortiz). Default 10 (quick: 2); perez-cnn 12 (quick: 1)." };
var posteriorEpochsOption = new Option<int?>("--posterior-epochs") { Description = "PAC-Bayes-by-backprop epochs (Pérez-Ortiz). Default 10 (quick: 1); perez-cnn 1." };
var samplingOption = new Option<string>("--mc-sampling") { Description = "per-sample: k weight draws of its own for every bound sample (m·k trials); networks: n whole networks on all samples (n trials).", DefaultValueFactory = _ => "per-sample" };
var samplesOption = new Option<int?>("--mc-samples") { Description = "Draws per sample (per-sample; default 10, quick 2; perez-cnn 5, quick 1) or whole networks (networks; default 200, quick 10) of the Monte-Carlo term." };
var rateOption = new Option<double>("--bound-rate") { Description = "SGD rate (momentum 0.9) of the posterior mean in the Dziugaite–Roy bound optimisation.", DefaultValueFactory = _ => 0.01 };
var optimizerOption = new Option<string>("--scale-optimizer") { Description = "adam, or sgd (the --bound-rate SGD), for ρ and the prior scale σ₀ in the Dziugaite–Roy optimisation.", DefaultValueFactory = _ => "adam" };
var scaleRateOption = new Option<double>("--scale-rate") { Description = "Adam's rate for ρ and σ₀ (with --scale-optimizer adam).", DefaultValueFactory = _ => 1e-3 };
var pMinOption = new Option<double>("--bound-pmin") { Description = "p_min of the bounded cross-entropy surrogate in the Dziugaite–Roy objective.", DefaultValueFactory = _ => 0.1 };
var posteriorRateOption = new Option<double>("--posterior-rate") { Description = "Learning rate (SGD with momentum 0.95) of PAC-Bayes-by-backprop (Pérez-Ortiz).", DefaultValueFactory = _ => 0.005 };
var priorSigmaOption = new Option<double>("--prior-sigma") { Description = "Starting prior (and posterior) standard deviation of the Dziugaite–Roy optimisation; the prior scale is then learnt and rounded to the union-bound grid.", DefaultValueFactory = _ => 0.1 };
var priorNoiseOption = new Option<double?>("--prior-noise") { Description = "Pérez-Ortiz (both settings): σ of the Gaussian weight noise the prior's SGD learns under (0: plain SGD; the CNN keeps its dropout, their recipe). Default: σ_prior (--perez-sigma; --prior-recipe pbb: 0)." };
var priorRateOption = new Option<double?>("--prior-rate") { Description = "Pérez-Ortiz (both settings): learning rate of the prior's SGD. Default 0.01 (--prior-recipe pbb: 0.005)." };
var perezSigmaOption = new Option<double>("--perez-sigma") { Description = "Pérez-Ortiz (both settings): σ_prior, the standard deviation of the prior and of the posterior's start (their grid: 0.005 to 0.1).", DefaultValueFactory = _ => 0.03 };
var priorRecipeOption = new Option<string>("--prior-recipe") { Description = "Pérez-Ortiz (both settings): how the prior's mean is learnt on its half. noisy: SGD (batch 100, momentum 0.95) under N(0, --prior-noise²) weight noise; pbb: their code's recipe, SGD with dropout 0.2 (batch 250, momentum 0.99, rate 0.005, no weight noise unless --prior-noise is given), in single precision.", DefaultValueFactory = _ => "noisy" };
var deviceOption = new Option<string?>("--device") { Description = "cuda, cpu or auto: run PAC-Bayes-by-backprop and the Monte-Carlo certificates on an ILGPU device (auto: CUDA when present, else the CPU accelerator); the SGD stages stay on the host. Default: the host, without ILGPU." };
var subsetOption = new Option<int?>("--subset") { Description = "Use only this many training images (and a third as many test images, at least 100): a smoke run, for instance of --device cpu, whose CPU accelerator is for correctness, not speed." };
var resumeOption = new Option<bool>("--resume") { Description = "Reuse the certificates an interrupted run finished (kept in --out as finished-certificates.json) and run only the rest." };
var labelsOption = new Option<string>("--dr-labels") { Description = "Which Dziugaite–Roy runs: both, true or random labels.", DefaultValueFactory = _ => "both" };
var memoriseErrorOption = new Option<double>("--memorise-error") { Description = "Random labels: SGD runs until the training error is at most this (Dziugaite and Roy's net memorises its random labels).", DefaultValueFactory = _ => 0.05 };
var memoriseEpochsOption = new Option<int?>("--memorise-epochs") { Description = "Random labels: the most SGD epochs spent memorising. Default 300 (quick: 2)." };
var memoriseRateOption = new Option<double>("--memorise-rate") { Description = "Random labels: SGD rate (momentum 0.9, batch 100) of the memorising run.", DefaultValueFactory = _ => 0.01 };
var priorScheduleOption = new Option<string>("--prior-schedule") { Description = "Pérez-Ortiz (both settings): the prior's SGD rate, constant or cosine (annealed to 0 over its epochs).", DefaultValueFactory = _ => "constant" };
var splitOption = new Option<string>("--split") { Description = "Pérez-Ortiz (both settings): how the training images are halved into the prior's and the bound's: ordered (the first and the second 30,000) or shuffled (a seeded random split, as their code draws it).", DefaultValueFactory = _ => "ordered" };
var unionOption = new Option<int>("--union-over") { Description = "Settings tried of which this run's is kept: δ and δ′ are divided by it (a union bound), so the kept certificate stays honest.", DefaultValueFactory = _ => 1 };
var outOption = new Option<string>("--out") { Description = "Folder for the posteriors and results.md.", DefaultValueFactory = _ => Path.Combine("out", "certify") };

var root = new RootCommand("Nonvacuous PAC-Bayes risk certificates on MNIST in the settings of Dziugaite–Roy and Pérez-Ortiz et al.");
foreach (Option option in new Option[] { mnistOption, settingOption, quickOption, seedOption, sgdEpochsOption, boundEpochsOption, priorEpochsOption, posteriorEpochsOption, samplingOption, samplesOption, rateOption, optimizerOption, scaleRateOption, pMinOption, posteriorRateOption, priorSigmaOption, priorNoiseOption, priorRateOption, deviceOption, subsetOption, labelsOption, memoriseErrorOption, memoriseEpochsOption, memoriseRateOption, unionOption, priorScheduleOption, splitOption, priorRecipeOption, perezSigmaOption, outOption, resumeOption })
    root.Options.Add(option);

root.SetAction(parse =>
{
    try
    {
        bool quick = parse.GetValue(quickOption);
        string setting = parse.GetValue(settingOption)!;
        if (setting is not ("dr" or "perez" or "both" or "perez-cnn")) throw new ArgumentException($"--setting: expected dr, perez, both or perez-cnn but got '{setting}'.");
        bool cnn = setting == "perez-cnn";
        // The CNN's passes cost ~40 times the MLP's: its defaults fit a run of about an hour on 2 cores (RESULTS.md), and a quick look in a minute or two.
        if (cnn && parse.GetValue(deviceOption) is not null) throw new ArgumentException("--device: perez-cnn runs on the host only (the device's per-sample draws sample dense layers only).");
        MonteCarloSampling sampling = parse.GetValue(samplingOption) switch
        {
            "per-sample" => MonteCarloSampling.PerSample,
            "networks" => MonteCarloSampling.WholeNetworks,
            var other => throw new ArgumentException($"--mc-sampling: expected per-sample or networks but got '{other}'."),
        };
        string optimizer = parse.GetValue(optimizerOption)!;
        if (optimizer is not ("adam" or "sgd")) throw new ArgumentException($"--scale-optimizer: expected adam or sgd but got '{optimizer}'.");
        double pMin = parse.GetValue(pMinOption);
        if (!(pMin > 0 && pMin < 1)) throw new ArgumentException($"--bound-pmin: expected a probability in (0, 1) but got {pMin}.");
        string labels = parse.GetValue(labelsOption)!;
        if (labels is not ("both" or "true" or "random")) throw new ArgumentException($"--dr-labels: expected both, true or random but got '{labels}'.");
        double memoriseError = parse.GetValue(memoriseErrorOption);
        if (!(memoriseError >= 0 && memoriseError < 0.5)) throw new ArgumentException($"--memorise-error: expected a training error in [0, 0.5) but got {memoriseError}.");
        bool pbbPrior = parse.GetValue(priorRecipeOption) switch
        {
            "noisy" => false,
            "pbb" => true,
            var other => throw new ArgumentException($"--prior-recipe: expected noisy or pbb but got '{other}'."),
        };
        double perezSigma = PositiveRate("--perez-sigma", parse.GetValue(perezSigmaOption));
        int defaultSamples = sampling == MonteCarloSampling.PerSample ? (cnn ? (quick ? 1 : 5) : quick ? 2 : 10) : (quick ? 10 : 200);
        var settings = new CertifySettings(CertifySettings.LocateMnist(parse.GetValue(mnistOption)), setting is "dr" or "both", setting is "perez" or "both", quick,
            parse.GetValue(seedOption), parse.GetValue(outOption)!,
            Positive("--sgd-epochs", parse.GetValue(sgdEpochsOption) ?? 2),
            Positive("--bound-epochs", parse.GetValue(boundEpochsOption) ?? (quick ? 1 : 20)),
            Positive("--posterior-epochs", parse.GetValue(posteriorEpochsOption) ?? (quick || cnn ? 1 : 10)),
            Positive("--prior-epochs", parse.GetValue(priorEpochsOption) ?? (cnn ? (quick ? 1 : 12) : quick ? 2 : 10)),
            Positive("--mc-samples", parse.GetValue(samplesOption) ?? defaultSamples), sampling, parse.GetValue(rateOption),
            parse.GetValue(posteriorRateOption), parse.GetValue(priorSigmaOption), optimizer, parse.GetValue(scaleRateOption), pMin,
            parse.GetValue(deviceOption) is { } device ? ComputeDevice.Parse(device) : null,
            parse.GetValue(subsetOption) is { } subset ? (subset >= 200 && subset <= 60_000 ? subset : throw new ArgumentException($"--subset: expected 200 to 60,000 training images but got {subset}.")) : null,
            cnn, NonNegative("--prior-noise", parse.GetValue(priorNoiseOption) ?? (pbbPrior ? 0 : perezSigma)), PositiveRate("--prior-rate", parse.GetValue(priorRateOption) ?? (pbbPrior ? 0.005 : 0.01)),
            labels, memoriseError, Positive("--memorise-epochs", parse.GetValue(memoriseEpochsOption) ?? (quick ? 2 : 300)),
            PositiveRate("--memorise-rate", parse.GetValue(memoriseRateOption)), Positive("--union-over", parse.GetValue(unionOption)),
            parse.GetValue(priorScheduleOption) switch
            {
                "constant" => false,
                "cosine" => true,
                var other => throw new ArgumentException($"--prior-schedule: expected constant or cosine but got '{other}'."),
            },
            parse.GetValue(splitOption) switch
            {
                "ordered" => false,
                "shuffled" => true,
                var other => throw new ArgumentException($"--split: expected ordered or shuffled but got '{other}'."),
            }, pbbPrior, perezSigma);
        return Certification.Run(settings, parse.GetValue(resumeOption));
    }
    catch (ArgumentException error)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
        return 2;
    }
});

return root.Parse(args).Invoke();

static int Positive(string name, int value) => value >= 1 ? value : throw new ArgumentException($"{name}: expected a positive count but got {value}.");

static double NonNegative(string name, double value) => value >= 0 && double.IsFinite(value) ? value : throw new ArgumentException($"{name}: expected a number ≥ 0 but got {value}.");

static double PositiveRate(string name, double value) => value > 0 && double.IsFinite(value) ? value : throw new ArgumentException($"{name}: expected a number > 0 but got {value}.");
