using System.CommandLine;
using AdamVsNesterov;
using Spectre.Console;

// The ADAM-versus-Nesterov study of De, Mukherjee and Ullah (arXiv 1807.06766), thesis chapter 5: MNIST autoencoders
// trained full-batch and mini-batch from one seeded initialisation with ADAM (β₁ = 0.9 and 0.99, the paper's form),
// the standard bias-corrected ADAM, RMSProp (the paper's form) and Nesterov's accelerated gradient tuned over a grid of steps and momenta.
var mnistOption = new Option<string?>("--mnist") { Description = "Folder with the four MNIST IDX files (raw or .gz). Default: shared/data/mnist beside the repository." };
var subsetOption = new Option<int>("--subset") { Description = "Training images used (a seeded random subset of the 60,000; 60000 = all).", DefaultValueFactory = _ => 10_000 };
var networksOption = new Option<string>("--networks") { Description = "Hidden-layer counts to train, from 3, 5, 7 (comma-separated).", DefaultValueFactory = _ => "3,5" };
var regimesOption = new Option<string>("--regimes") { Description = "Gradient regimes: full, mini (comma-separated).", DefaultValueFactory = _ => "full,mini" };
var iterationsOption = new Option<int>("--iterations") { Description = "Full-batch iterations per run.", DefaultValueFactory = _ => 10 };
var epochsOption = new Option<int>("--epochs") { Description = "Mini-batch epochs per run.", DefaultValueFactory = _ => 1 };
var batchOption = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 100 };
var chunkOption = new Option<int>("--chunk") { Description = "Images per chunk when accumulating the full-batch gradient.", DefaultValueFactory = _ => 1000 };
// Three steps, so a tuned step can be interior: with {3e-4, 1e-3} ADAM β₁ = 0.99 always chose 1e-3, the grid's edge.
var rateOption = new Option<string>("--adaptive-rates") { Description = "Grid of steps α for ADAM and RMSProp (comma-separated).", DefaultValueFactory = _ => "3e-4,1e-3,3e-3" };
var beta2Option = new Option<double>("--beta2") { Description = "β₂ of ADAM and RMSProp.", DefaultValueFactory = _ => 0.999 };
var xiOption = new Option<string>("--xi") { Description = "Grid of ξ for ADAM and RMSProp (comma-separated).", DefaultValueFactory = _ => "1e-4,1e-2" };
var epsilonOption = new Option<string>("--epsilons") { Description = "Grid of ε for the bias-corrected ADAM (comma-separated; PyTorch's default 1e-8).", DefaultValueFactory = _ => "1e-8" };
var nesterovRatesOption = new Option<string>("--nesterov-rates") { Description = "Grid of NAG steps α (comma-separated).", DefaultValueFactory = _ => "3e-3,1e-2" };
var momentaOption = new Option<string>("--momenta") { Description = "Grid of NAG momenta μ (comma-separated).", DefaultValueFactory = _ => "0.9,0.99" };
var seedOption = new Option<int>("--seed") { Description = "Seed of the subset, the initialisation and the mini-batch order.", DefaultValueFactory = _ => 1 };
var resumeOption = new Option<bool>("--resume") { Description = "Reuse the runs an interrupted study finished (kept in --out as finished-runs.json) and train only the rest." };
var outOption = new Option<string>("--out") { Description = "Folder for the plots (PNG and SVG) and the results tables.", DefaultValueFactory = _ => Path.Combine("out", "adam-vs-nesterov") };

var root = new RootCommand("ADAM (β₁ = 0.9, 0.99) and RMSProp in the forms of De, Mukherjee and Ullah against tuned Nesterov acceleration on MNIST autoencoders.");
foreach (Option option in new Option[] { mnistOption, subsetOption, networksOption, regimesOption, iterationsOption, epochsOption, batchOption, chunkOption, rateOption, beta2Option, xiOption, epsilonOption, nesterovRatesOption, momentaOption, seedOption, outOption, resumeOption })
{
    root.Options.Add(option);
}

root.SetAction(parse =>
{
    try
    {
        var settings = new StudySettings(
            parse.GetValue(mnistOption), parse.GetValue(subsetOption), StudySettings.ParseNetworks(parse.GetValue(networksOption)!),
            StudySettings.ParseRegimes(parse.GetValue(regimesOption)!, parse.GetValue(iterationsOption), parse.GetValue(epochsOption), parse.GetValue(batchOption)),
            parse.GetValue(chunkOption), parse.GetValue(seedOption), parse.GetValue(outOption)!,
            OptimizerSpec.Grid(StudySettings.ParseList("--adaptive-rates", parse.GetValue(rateOption)!), parse.GetValue(beta2Option), StudySettings.ParseList("--xi", parse.GetValue(xiOption)!),
                StudySettings.ParseList("--epsilons", parse.GetValue(epsilonOption)!),
                StudySettings.ParseList("--nesterov-rates", parse.GetValue(nesterovRatesOption)!), StudySettings.ParseList("--momenta", parse.GetValue(momentaOption)!)),
            parse.GetValue(resumeOption));
        return Study.Run(settings);
    }
    catch (ArgumentException error)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
        return 2;
    }
});

return root.Parse(args).Invoke();
