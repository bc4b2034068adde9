using System.Diagnostics;
using System.Globalization;
using System.Text;
using DslNets;
using DslNets.Data;
using DslNets.Gpu;
using DslNets.PacBayes;
using Spectre.Console;

namespace Certify;

/// <summary>One certificate and what it came from.</summary>
/// <param name="TrainError">The deterministic network's 0-1 error on the bound samples before the posterior is trained.</param>
/// <param name="TestError">The same network's test error.</param>
/// <param name="MeanTestError">The test error of the posterior mean μ after training.</param>
/// <param name="Path">‖w_t − w₀‖ and the path length after each SGD epoch (thesis chapter 6).</param>
/// <param name="NoiseScale">The largest σ of isotropic weight noise under which 90% of 500 bound samples' outputs move by less than 1.</param>
public sealed record CertifyReport(string Setting, int BoundSamples, double TrainError, double TestError, double MeanTestError, CertificateResult Certificate,
    double StochasticTestError, double Seconds, string Posterior, string Anchor, double DistanceFromPriorMean, double PriorSigma,
    IReadOnlyList<TrainingPathPoint> Path, double NoiseScale);

/// <summary>Runs the chosen settings with a progress bar and prints and writes their certificates.</summary>
public static class Certification
{
    private const double Delta = 0.025, DeltaPrime = 0.01;

    /// <summary>Runs <paramref name="settings"/>; returns the process exit code.</summary>
    public static int Run(CertifySettings settings, bool resume = false)
    {
        AnsiConsole.MarkupLine("[bold]PAC-Bayes risk certificates on MNIST[/] (δ = 0.025, δ′ = 0.01; each holds with probability ≥ 0.965)");
        MnistData<double> mnist = Mnist.Load<double>(settings.MnistFolder);
        Dataset<double> training = mnist.Training.Take(settings.TrainingCount), test = mnist.Test.Take(settings.TestCount);
        AnsiConsole.MarkupLineInterpolated($"Data: {training.Count:N0} training and {test.Count:N0} test images from {settings.MnistFolder}.");
        using ComputeDevice? device = settings.Device is { } kind ? ComputeDevice.Open(kind, log: TextWriter.Null) : null;
        AnsiConsole.MarkupLineInterpolated($"PAC-Bayes-by-backprop and Monte Carlo on: {(device is null ? "the host CPU" : device.Description)} (the SGD stages run on the host).");
        var reports = new List<CertifyReport>();
        FinishedSettings finished = FinishedSettings.Open(settings, resume);
        // With --resume a setting finished by an interrupted run is taken from disk instead of being trained again.
        CertifyReport Once(string setting, Func<CertifyReport> run) =>
            finished.Find(setting) is { } kept ? Announce(kept) : finished.Add(run());
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                if (settings.RunDziugaiteRoy)
                {
                    LabelledSet train = LabelledSet.Binary(training), held = LabelledSet.Binary(test);
                    if (settings.DziugaiteRoyLabels != "random")
                        reports.Add(Once(DziugaiteRoyName, () => DziugaiteRoy(settings, device, train, held, memorise: false, Bars(context))));
                    if (settings.DziugaiteRoyLabels != "true")
                        reports.Add(Once(DziugaiteRoyRandomName, () => DziugaiteRoy(settings, device, train.WithRandomBinaryLabels(settings.Seed + 99), held.WithRandomBinaryLabels(settings.Seed + 98),
                            memorise: true, Bars(context))));
                }
                if (settings.RunPerezOrtiz)
                    reports.Add(Once(PerezOrtizName, () => PerezOrtiz(settings, device, LabelledSet.TenClass(training), LabelledSet.TenClass(test), context)));
                if (settings.RunPerezOrtizCnn)
                    reports.Add(Once(PerezOrtizCnnName, () => PerezOrtizCnn(settings, LabelledSet.TenClass(training), LabelledSet.TenClass(test), Bars(context))));
            });
        Print(reports);
        string path = Path.Combine(settings.OutFolder, "results.md");
        Directory.CreateDirectory(settings.OutFolder);
        File.WriteAllText(path, Markdown(settings, reports));
        AnsiConsole.MarkupLineInterpolated($"Results: {Path.GetFullPath(path)}");
        return 0;
    }

    // With memorise (random labels), SGD runs until the net's training error is at most s.MemoriseError, as Dziugaite and Roy's
    // random-label net did: a certificate of a net that has not fitted its labels would be vacuous for a weaker reason.
    // A progress bar per stage: addTask(description, total) returns the bar's increment.
    private static Func<string, double, Action<double>> Bars(ProgressContext context) => (description, maxValue) =>
    {
        ProgressTask task = context.AddTask(description, maxValue: maxValue);
        return amount => task.Increment(amount);
    };

    /// <summary>The name of the Dziugaite–Roy setting in reports and in finished-certificates.json.</summary>
    public const string DziugaiteRoyName = "Dziugaite–Roy, true labels";

    /// <summary>The name of the random-label Dziugaite–Roy setting.</summary>
    public const string DziugaiteRoyRandomName = "Dziugaite–Roy, random labels";

    /// <summary>
    /// Dziugaite and Roy's setting on binary <paramref name="train"/> (all of it is the bound's) and <paramref name="test"/>:
    /// SGD from a seeded initialisation w₀ (with <paramref name="memorise"/>, until the training error is at most
    /// <see cref="CertifySettings.MemoriseError"/>), then the bound optimised over μ, ρ and the prior scale around w₀, then the
    /// certificate. <paramref name="addTask"/> makes a progress bar (description, total) and returns its increment.
    /// </summary>
    public static CertifyReport DziugaiteRoy(CertifySettings s, ComputeDevice? device, LabelledSet train, LabelledSet test, bool memorise, Func<string, double, Action<double>> addTask)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(addTask);
        string name = memorise ? DziugaiteRoyRandomName : DziugaiteRoyName, anchor = memorise ? "vacuous (> 0.5)" : "≈ 0.16 (their 1-layer net)";
        var watch = Stopwatch.StartNew();
        int m = train.Count, batch = 100;
        var orderForPosterior = new MiniBatchOrder(m, batch, s.Seed + 3, dropLast: true);
        int sgdEpochs = memorise ? s.MemoriseMaxEpochs : s.SgdEpochs;
        Action<double> sgd = addTask(memorise ? $"{name}: SGD until train error ≤ {s.MemoriseError}" : $"{name}: SGD", sgdEpochs);
        Action<double> bound = addTask($"{name}: bound", s.BoundEpochs * orderForPosterior.BatchCount);
        Action<double> draws = addTask($"{name}: Monte Carlo", 1);

        var net = new BinaryMnistNet((int)s.Seed);
        double[] initial = (double[])net.Parameters.Clone();   // the prior's mean: chosen before any data is seen
        var path = new TrainingPath(initial);
        if (memorise)
            sgd(sgdEpochs - Memorise(s, net, train, path, name, sgd, watch));   // the bar ends full when memorising stops early
        else
            Training.Sgd(net, train, s.SgdEpochs, batch, rate: 0.01, momentum: 0.9, s.Seed + 1, (epoch, _) => { path.Record(epoch, net.Parameters); sgd(1); });
        double trainError = Training.Error(net, train), testError = Training.Error(net, test);
        double noiseScale = NoiseScale(net, train, s.Seed + 6);

        // The prior's scale is learnt and then rounded to Dziugaite and Roy's grid. The posterior starts at the prior's scale (their
        // σᵢ = |wᵢ| starts with a KL of ~3e5 nats here, which a short run cannot bring down). A large start (0.1, well beyond the SGD
        // net's noise resilience of ~0.015) keeps the first KL, ‖w − w₀‖²/2σ₀², small enough that its pull does not drag μ back
        // to w₀; starting at 0.01 ended at a certificate of 0.29, at 0.05 at 0.189, at 0.1 at 0.187 (RESULTS.md).
        double distance = Math.Sqrt(net.Parameters.Zip(initial, (a, b) => (a - b) * (a - b)).Sum());
        var posterior = new DiagonalGaussianPosterior(net.Parameters, s.PriorSigma);
        var prior = new GaussianPrior(initial, s.PriorSigma);
        // Adam moves every ρ (and σ₀) at about its rate per step, where SGD's ρ-gradient carries sigmoid(ρ) ≈ σ and barely moves σ;
        // μ keeps SGD with momentum, whose KL pull stays proportional to μ − w₀ (Adam would give every tiny pull a full step).
        using var trainer = new PosteriorRun<BinaryMnistNet>(device, net, posterior, prior, new PacBayesTrainerOptions
        {
            Objective = PacBayesObjectiveKind.DziugaiteRoy, BoundSampleCount = m, Delta = Delta, PMin = s.BoundPMin, LearningRate = s.BoundRate, Momentum = 0.9, Seed = s.Seed + 2,
            CreateOptimizer = ScaleOptimizer(s),
        }, train, batch);
        for (int epoch = 0; epoch < s.BoundEpochs; epoch++)
            LogEpoch(name, epoch, Training.PosteriorEpoch(trainer, orderForPosterior, _ => bound(1)), net, posterior, test, trainer.Prior.Sigma[0]);

        CertificateResult certificate = trainer.Certify(train, s.MonteCarloSamples, CertificateDelta(s), CertificateDeltaPrime(s), s.Seed + 4, s.Sampling, dziugaiteRoy: true);
        double stochasticTest = trainer.Certify(test, s.TestSamples, Delta, DeltaPrime, s.Seed + 5, s.Sampling, dziugaiteRoy: false).SampledError;
        posterior.CopyMean(net.Parameters);
        double meanTestError = Training.Error(net, test);   // the certificate leaves the network at μ
        draws(1);
        string file = Path.Combine(s.OutFolder, name.Contains("random") ? "dziugaite-roy-random-labels.safetensors" : "dziugaite-roy.safetensors");
        Training.SavePosterior<BinaryMnistNet>(file, posterior, Metadata(name, certificate, trainer.Prior.Sigma[0]));
        return new CertifyReport(name, m, trainError, testError, meanTestError, certificate, stochasticTest, watch.Elapsed.TotalSeconds, file, anchor, distance, trainer.Prior.Sigma[0],
            path.Points, noiseScale);
    }

    private const string PerezOrtizName = "Pérez-Ortiz et al., learnt prior";

    // SGD epoch by epoch until the training error is at most s.MemoriseError or s.MemoriseMaxEpochs have run; the error is
    // logged each epoch so a run that stalls shows where. Returns the epochs run.
    private static int Memorise(CertifySettings s, BinaryMnistNet net, LabelledSet train, TrainingPath path, string name, Action<double> onEpoch, Stopwatch watch)
    {
        double error = 1;
        int epochs = Training.SgdUntil(net, train, s.MemoriseMaxEpochs, batch: 100, s.MemoriseRate, momentum: 0.9, s.Seed + 1, (epoch, loss) =>
        {
            path.Record(epoch, net.Parameters);
            error = Training.Error(net, train);
            onEpoch(1);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"[grey]{name}, SGD epoch {epoch}: loss {loss:F4}, training error {error:F4} ({watch.Elapsed.TotalMinutes:F1} min)[/]");
            return error > s.MemoriseError;
        });
        if (error > s.MemoriseError)
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"[yellow]{name}: after {epochs} epochs the training error is {error:F4}, above the {s.MemoriseError} asked for (raise --memorise-epochs or --memorise-rate).[/]");
        return epochs;
    }

    /// <summary>
    /// The prior's half and the bound's half of <paramref name="all"/>, after a seeded shuffle with --split shuffled (then
    /// <paramref name="all"/> becomes the shuffled set, the same images, so the posterior's batches see it).
    /// </summary>
    public static (LabelledSet Prior, LabelledSet Bound) Halves(CertifySettings s, ref LabelledSet all)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(all);
        if (s.ShuffledSplit) all = all.Permuted(s.Seed + 17);
        int half = all.Count / 2;
        return (all.Slice(0, half), all.Slice(half, all.Count - half));
    }

    private static CertifyReport Announce(CertifyReport kept)
    {
        AnsiConsole.MarkupLineInterpolated($"--resume: {kept.Setting} was finished by an earlier run; its certificate is reused.");
        return kept;
    }

    private static CertifyReport PerezOrtiz(CertifySettings s, ComputeDevice? device, LabelledSet all, LabelledSet test, ProgressContext context)
    {
        const string name = PerezOrtizName;
        var watch = Stopwatch.StartNew();
        const int batch = 250;
        (LabelledSet priorData, LabelledSet boundData) = Halves(s, ref all);
        var orderForPosterior = new MiniBatchOrder(all.Count, batch, s.Seed + 13, dropLast: true);
        ProgressTask priorTask = context.AddTask($"{name}: prior (SGD on half)", maxValue: s.PriorEpochs);
        ProgressTask bound = context.AddTask($"{name}: posterior", maxValue: s.PosteriorEpochs * orderForPosterior.BatchCount);
        ProgressTask draws = context.AddTask($"{name}: Monte Carlo", maxValue: 1);

        // The prior's mean is learnt on the first half only, so it is independent of the second half, on which the bound is computed.
        var net = new DeepMnistNet((int)s.Seed);
        var path = new TrainingPath(net.Parameters);
        if (s.PbbPrior)
        {
            // Their code's recipe, in single precision (twice as fast here); the weights then move to the double net.
            var single = new DeepMnistNetSingle((int)s.Seed);
            Training.NoisySgd<DeepMnistNetSingle, float>(single, priorData, s.PriorEpochs, s.PriorBatch, s.PriorRate, s.PriorMomentum, s.PriorNoise, s.Seed + 11,
                (epoch, loss) =>
                {
                    path.Record(epoch, single.Parameters.Select(v => (double)v).ToArray());
                    priorTask.Increment(1);
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]{name}, prior epoch {epoch}: loss {loss:F4} ({watch.Elapsed.TotalMinutes:F1} min)[/]");
                }, dropout: true, cosine: s.PriorCosine);
            for (int i = 0; i < single.Parameters.Length; i++) net.Parameters[i] = single.Parameters[i];
        }
        else
        {
            // The prior's mean learns under the prior's own weight noise, so the posterior centred there stays accurate when sampled.
            Training.NoisySgd<DeepMnistNet, double>(net, priorData, s.PriorEpochs, s.PriorBatch, s.PriorRate, s.PriorMomentum, s.PriorNoise, s.Seed + 11, (epoch, _) => { path.Record(epoch, net.Parameters); priorTask.Increment(1); },
                cosine: s.PriorCosine);
        }
        double trainError = Training.Error(net, boundData), testError = Training.Error(net, test);
        double noiseScale = NoiseScale(net, boundData, s.Seed + 16);

        double distance = 0;   // the prior is centred on the learnt weights
        var prior = new GaussianPrior(net.Parameters, s.PerezSigma);
        var posterior = new DiagonalGaussianPosterior(net.Parameters, s.PerezSigma);
        // The posterior may see every training image; only the prior must not have seen the bound's half.
        using var trainer = new PosteriorRun<DeepMnistNet>(device, net, posterior, prior, new PacBayesTrainerOptions
        {
            // PBB's SGD for μ and ρ: Adam on ρ was tried and only random-walked ρ (one weight draw per batch makes its gradient mostly
            // noise), raising the KL without lowering the loss.
            Objective = PacBayesObjectiveKind.Quadratic, BoundSampleCount = boundData.Count, Delta = Delta, PMin = 1e-5, LearningRate = s.PosteriorRate, Momentum = 0.95, Seed = s.Seed + 12,
        }, all, batch);
        for (int epoch = 0; epoch < s.PosteriorEpochs; epoch++)
            LogEpoch(name, epoch, Training.PosteriorEpoch(trainer, orderForPosterior, _ => bound.Increment(1)), net, posterior, test, prior.Sigma[0]);

        CertificateResult certificate = trainer.Certify(boundData, s.MonteCarloSamples, CertificateDelta(s), CertificateDeltaPrime(s), s.Seed + 14, s.Sampling, dziugaiteRoy: false);
        double stochasticTest = trainer.Certify(test, s.TestSamples, Delta, DeltaPrime, s.Seed + 15, s.Sampling, dziugaiteRoy: false).SampledError;
        posterior.CopyMean(net.Parameters);
        double meanTestError = Training.Error(net, test);
        draws.Increment(1);
        string file = Path.Combine(s.OutFolder, "perez-ortiz.safetensors");
        Training.SavePosterior<DeepMnistNet>(file, posterior, Metadata(name, certificate, s.PerezSigma));
        return new CertifyReport(name, boundData.Count, trainError, testError, meanTestError, certificate, stochasticTest, watch.Elapsed.TotalSeconds, file, "≈ 0.028 (their quadratic bound)", distance, s.PerezSigma,
            path.Points, noiseScale);
    }

    /// <summary>The name of the CNN setting in reports and in finished-certificates.json.</summary>
    public const string PerezOrtizCnnName = "Pérez-Ortiz et al., CNN, learnt prior";

    // Pérez-Ortiz et al.'s CNN setting: the MLP setting's recipe with their MNIST CNN. The prior's mean is learnt by SGD with
    // dropout 0.2 (their prior's) and, as in the MLP setting, under N(0, σ_prior²) weight noise, on the first half only, in
    // single precision (twice as fast here); PAC-Bayes-by-backprop then trains μ and ρ from the prior on all the training
    // images with the quadratic objective; the certificate is evaluated on the second half by per-sample draws (each bound
    // image draws its own convolution weights; the dense layers by local reparameterisation). Host only.
    /// <summary>
    /// Runs the CNN setting on <paramref name="all"/> (its first half learns the prior, its second half is the bound's)
    /// and <paramref name="test"/>; <paramref name="addTask"/> makes a progress bar (description, total) and returns its
    /// increment. Writes the posterior to the output folder.
    /// </summary>
    public static CertifyReport PerezOrtizCnn(CertifySettings s, LabelledSet all, LabelledSet test, Func<string, double, Action<double>> addTask)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(addTask);
        const string name = PerezOrtizCnnName;
        var watch = Stopwatch.StartNew();
        const int batch = 250;
        (LabelledSet priorData, LabelledSet boundData) = Halves(s, ref all);
        var orderForPosterior = new MiniBatchOrder(all.Count, batch, s.Seed + 23, dropLast: true);
        Action<double> priorTask = addTask($"{name}: prior (SGD on half)", s.PriorEpochs);
        Action<double> bound = addTask($"{name}: posterior", s.PosteriorEpochs * orderForPosterior.BatchCount);
        Action<double> draws = addTask($"{name}: Monte Carlo", 1);

        var single = new PerezCnnSingle((int)s.Seed);
        var path = new TrainingPath(single.Parameters.Select(v => (double)v).ToArray());
        Training.NoisySgd<PerezCnnSingle, float>(single, priorData, s.PriorEpochs, s.PriorBatch, s.PriorRate, s.PriorMomentum, s.PriorNoise, s.Seed + 21,
            (epoch, loss) =>
            {
                path.Record(epoch, single.Parameters.Select(v => (double)v).ToArray());
                priorTask(1);
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]{name}, prior epoch {epoch}: noisy loss {loss:F4} ({watch.Elapsed.TotalMinutes:F1} min)[/]");
            }, dropout: true, cosine: s.PriorCosine);
        double trainError = Training.Error<PerezCnnSingle, float>(single, boundData), testError = Training.Error<PerezCnnSingle, float>(single, test);
        var net = new PerezCnn((int)s.Seed);
        for (int i = 0; i < single.Parameters.Length; i++) net.Parameters[i] = single.Parameters[i];
        // 100 images at most (56 passes of a CNN over them cost minutes here), a twentieth of a small bound set.
        double noiseScale = NoiseScale(net, boundData, s.Seed + 26, samples: Math.Clamp(boundData.Count / 20, 10, 100));
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]{name}: prior net bound-half error {trainError:F4}, test error {testError:F4}, noise resilience σ {noiseScale:G3} ({watch.Elapsed.TotalMinutes:F1} min)[/]");

        var prior = new GaussianPrior(net.Parameters, s.PerezSigma);
        var posterior = new DiagonalGaussianPosterior(net.Parameters, s.PerezSigma);
        using var trainer = new PosteriorRun<PerezCnn>(null, net, posterior, prior, new PacBayesTrainerOptions
        {
            Objective = PacBayesObjectiveKind.Quadratic, BoundSampleCount = boundData.Count, Delta = Delta, PMin = 1e-5, LearningRate = s.PosteriorRate, Momentum = 0.95, Seed = s.Seed + 22,
        }, all, batch);
        for (int epoch = 0; epoch < s.PosteriorEpochs; epoch++)
            LogEpoch(name, epoch, Training.PosteriorEpoch(trainer, orderForPosterior, _ => bound(1)), net, posterior, test, prior.Sigma[0]);

        CertificateResult certificate = trainer.Certify(boundData, s.MonteCarloSamples, CertificateDelta(s), CertificateDeltaPrime(s), s.Seed + 24, s.Sampling, dziugaiteRoy: false);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]{name}: certificate {certificate.Certificate:F4} from Q̂ {certificate.SampledError:F4} over {certificate.MonteCarloTrials:N0} trials, KL {certificate.Kl:F1} ({watch.Elapsed.TotalMinutes:F1} min)[/]");
        int testDraws = s.Sampling == MonteCarloSampling.PerSample ? s.CnnTestSamples : s.TestSamples;
        double stochasticTest = trainer.Certify(test, testDraws, Delta, DeltaPrime, s.Seed + 25, s.Sampling, dziugaiteRoy: false).SampledError;
        posterior.CopyMean(net.Parameters);
        double meanTestError = Training.Error(net, test);
        draws(1);
        string file = Path.Combine(s.OutFolder, "perez-ortiz-cnn.safetensors");
        Training.SavePosterior<PerezCnn>(file, posterior, Metadata(name, certificate, s.PerezSigma));
        return new CertifyReport(name, boundData.Count, trainError, testError, meanTestError, certificate, stochasticTest, watch.Elapsed.TotalSeconds, file, "≈ 0.01 (see RESULTS.md)", 0, s.PerezSigma,
            path.Points, noiseScale);
    }

    // Keeping the best of K settings tried is honest only if all K certificates hold at once: a union bound gives each of
    // them δ/K and δ′/K, so the one kept still holds with probability ≥ 1 − δ − δ′.
    /// <summary>The δ of the PAC-Bayes step: 0.025 shared by a union bound over the <see cref="CertifySettings.UnionOver"/> settings tried.</summary>
    public static double CertificateDelta(CertifySettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Delta / s.UnionOver;
    }

    /// <summary>The δ′ of the Monte-Carlo step: 0.01 shared by the same union bound.</summary>
    public static double CertificateDeltaPrime(CertifySettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return DeltaPrime / s.UnionOver;
    }

    // With "adam", ρ (and σ₀) take Adam steps and μ keeps the trainer's SGD with momentum (null for that group).
    private static Func<PosteriorParameterGroup, int, DslNets.Optimizers.IOptimizer<double>?>? ScaleOptimizer(CertifySettings s) =>
        s.ScaleOptimizer == "adam" ? (group, n) => group == PosteriorParameterGroup.Mean ? null : new DslNets.Optimizers.Adam<double>(n, s.ScaleRate) : null;

    // Noise resilience as the thesis's chapter 6 measures it: the largest isotropic σ that keeps 90% of 500 samples' outputs within 1.
    private static double NoiseScale<TNet>(TNet net, LabelledSet data, long seed, int samples = 500) where TNet : INetwork<TNet, double> =>
        NoiseResilience.LargestScale(net, data.Inputs.AsSpan(0, Math.Min(samples, data.Count) * TNet.InputSize), tolerance: 1.0, requiredFraction: 0.9,
            draws: 4, seed, low: 1e-4, high: 1.0, iterations: 14);

    // One line per posterior epoch: what the objective trades (surrogate loss against KL) and where μ stands on held-out data.
    private static void LogEpoch<TNet>(string name, int epoch, (double Objective, double Loss, double Kl) step, TNet net, DiagonalGaussianPosterior posterior,
        LabelledSet test, double priorSigma) where TNet : INetwork<TNet, double>
    {
        posterior.CopyMean(net.Parameters);
        double meanError = Training.Error(net, test);
        double meanSigma = 0;
        for (int i = 0; i < posterior.Length; i++) meanSigma += posterior.Sigma(i) / posterior.Length;
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"[grey]{name}, posterior epoch {epoch + 1}: objective {step.Objective:F4}, surrogate loss {step.Loss:F4}, KL {step.Kl:N0}, mean σ {meanSigma:G3}, prior σ₀ {priorSigma:G3}, μ test error {meanError:F4}[/]");
    }

    private static Dictionary<string, string> Metadata(string name, CertificateResult c, double priorSigma) => new()
    {
        ["setting"] = name,
        ["certificate"] = c.Certificate.ToString("R", CultureInfo.InvariantCulture),
        ["kl"] = c.Kl.ToString("R", CultureInfo.InvariantCulture),
        ["prior_sigma"] = priorSigma.ToString("R", CultureInfo.InvariantCulture),
        ["sigma"] = "softplus(rho)",
    };

    // One column per setting, so the table fits an 80-column terminal; results.md has every figure.
    private static void Print(IReadOnlyList<CertifyReport> reports)
    {
        var table = new Table().AddColumn("");
        foreach (var r in reports) table.AddColumn(new TableColumn(Markup.Escape(ShortName(r.Setting))).RightAligned());
        void Row(string label, Func<CertifyReport, string> cell) => table.AddRow(new[] { label }.Concat(reports.Select(cell)).ToArray());
        Row("[bold]certificate[/]", r => $"[bold]{r.Certificate.Certificate:F4}[/]");
        Row("anchor", r => Markup.Escape(r.Anchor.Split(" (")[0]));
        Row("stochastic test error", r => $"{r.StochasticTestError:F4}");
        Row("sampled bound-set error", r => $"{r.Certificate.SampledError:F4}");
        Row("Monte-Carlo bound", r => $"{r.Certificate.MonteCarloBound:F4}");
        Row("KL (nats)", r => $"{r.Certificate.Kl:N0}");
        Row("Monte-Carlo trials", r => $"{r.Certificate.MonteCarloTrials:N0}");
        Row("bound samples m", r => $"{r.BoundSamples:N0}");
        Row("μ test error", r => $"{r.MeanTestError:F4}");
        Row("time", r => $"{r.Seconds / 60:F1} min");
        AnsiConsole.Write(table);
    }

    private static string ShortName(string setting) => setting switch
    {
        "Dziugaite–Roy, true labels" => "DR",
        "Dziugaite–Roy, random labels" => "DR random",
        PerezOrtizCnnName => "Pérez-Ortiz CNN",
        _ => "Pérez-Ortiz",
    };

    private static string Markdown(CertifySettings s, IReadOnlyList<CertifyReport> reports)
    {
        var text = new StringBuilder();
        string draws = s.Sampling == MonteCarloSampling.PerSample ? $"{s.MonteCarloSamples} weight draws per bound sample" : $"{s.MonteCarloSamples} whole-network draws";
        text.AppendLine(CultureInfo.InvariantCulture, $"Certificates (δ = {Delta}, δ′ = {DeltaPrime}{(s.UnionOver > 1 ? $", each divided by {s.UnionOver} for a union bound over the settings tried" : "")}); seed {s.Seed}; {(s.Quick ? "--quick" : "full data")}; Dziugaite–Roy: SGD epochs {s.SgdEpochs} (random labels: until training error ≤ {s.MemoriseError}, at most {s.MemoriseMaxEpochs} epochs at rate {s.MemoriseRate}), bound epochs {s.BoundEpochs}; Pérez-Ortiz: {(s.ShuffledSplit ? "a seeded random split into prior and bound halves" : "prior on the first half, bound on the second")}, σ_prior {s.PerezSigma}, prior epochs {s.PriorEpochs}, posterior epochs {s.PosteriorEpochs}; {draws} ({(s.Device is null ? "host, sequential stream" : "device, counter-based stream")}); Dziugaite–Roy: μ by SGD (rate {s.BoundRate}, momentum 0.9), ρ and σ₀ by {s.ScaleOptimizer}{(s.ScaleOptimizer == "adam" ? $" (rate {s.ScaleRate})" : "")}, surrogate p_min {s.BoundPMin}; Pérez-Ortiz: prior mean by SGD (rate {s.PriorRate}{(s.PriorCosine ? " annealed to 0 by a cosine" : "")}, momentum {s.PriorMomentum}, batch {s.PriorBatch}) under N(0, {s.PriorNoise}²) weight noise{(s.PbbPrior ? " and dropout 0.2 (their code's recipe), in single precision" : s.RunPerezOrtizCnn ? " (the CNN: and dropout 0.2, in single precision)" : "")}, μ and ρ by SGD (rate {s.PosteriorRate}, momentum 0.95).");
        text.AppendLine();
        text.AppendLine("| setting | m | certificate | anchor | stochastic test error | sampled bound-set error (Q̂) | MC bound | KL | MC trials | SGD-net train / test error | μ test error | ‖w_SGD − w₀‖ | prior σ | time |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in reports)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Setting} | {r.BoundSamples:N0} | **{r.Certificate.Certificate:F4}** | {r.Anchor} | {r.StochasticTestError:F4} | {r.Certificate.SampledError:F4} | {r.Certificate.MonteCarloBound:F4} | {r.Certificate.Kl:N0} | {r.Certificate.MonteCarloTrials:N0} | {r.TrainError:F4} / {r.TestError:F4} | {r.MeanTestError:F4} | {r.DistanceFromPriorMean:F3} | {r.PriorSigma:G4} | {r.Seconds / 60:F1} min |");
        text.AppendLine();
        text.AppendLine("Training path (thesis chapter 6): ‖w_t − w₀‖ / path length after each SGD epoch (Pérez-Ortiz: the prior's training), and noise resilience of the SGD net (largest isotropic σ keeping 90% of 500 bound samples' outputs within 1).");
        text.AppendLine();
        text.AppendLine("| setting | noise resilience σ | distance from w₀ / path length per epoch |");
        text.AppendLine("|---|---|---|");
        foreach (var r in reports)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Setting} | {r.NoiseScale:G3} | {string.Join(", ", r.Path.Skip(1).Select(p => $"{p.DistanceFromStart:F2}/{p.PathLength:F2}"))} |");
        return text.ToString();
    }
}
