using System.CommandLine;
using AdamVsNesterov;
using Spectre.Console;

// The ADAM-versus-Nesterov study of De, Mukherjee and Ullah (arXiv 1807.06766), thesis chapter 5: MNIST autoencoders
// trained full-batch and mini-batch from several seeded initialisations with ADAM (β₁ = 0.9 and 0.99) in the paper's
// form and in the standard bias-corrected form, RMSProp (the paper's form) and Nesterov's accelerated gradient, each
// family tuned over a grid of steps that widens until the tuned step is bracketed.
var budgetOption = new Option<string>("--budget")
{
    Description = "short: a look of a few minutes (1,000 images, 10 full-batch iterations, 1 mini-batch epoch, 3 seeds; about 12 min for the starting grid " +
        "on 2 loaded cores, 4 min at an idle machine's speed). full: the long study (10,000 images, 1,000 iterations, 30 epochs, 3 seeds); an estimate from " +
        "the smoke run's per-image costs on 2 loaded cores is about 137 h for the starting grid and up to 284 h with 3 widening rounds (at an idle machine's " +
        "speed about 45 h and 94 h). The program prints its own estimate before it starts.",
    DefaultValueFactory = _ => "short",
};
var mnistOption = new Option<string?>("--mnist") { Description = "Folder with the four MNIST IDX files (raw or .gz). Default: shared/data/mnist beside the repository." };
var subsetOption = new Option<int?>("--subset") { Description = "Training images used (a random subset of the 60,000 drawn with --seed, the same for every seed). Default: the budget's (short 1000, full 10000)." };
var networksOption = new Option<string>("--networks") { Description = "Hidden-layer counts to train, from 3, 5, 7 (comma-separated).", DefaultValueFactory = _ => "3,5" };
var regimesOption = new Option<string>("--regimes") { Description = "Gradient regimes: full, mini (comma-separated).", DefaultValueFactory = _ => "full,mini" };
var iterationsOption = new Option<int?>("--iterations") { Description = "Full-batch iterations per run. Default: the budget's (short 10, full 1000)." };
var epochsOption = new Option<int?>("--epochs") { Description = "Mini-batch epochs per run. Default: the budget's (short 1, full 30)." };
var batchOption = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 100 };
var chunkOption = new Option<int>("--chunk") { Description = "Images per chunk when accumulating the full-batch gradient.", DefaultValueFactory = _ => 1000 };
// Three steps, so a tuned step can be interior: with {3e-4, 1e-3} ADAM β₁ = 0.99 always chose 1e-3, the grid's edge.
var rateOption = new Option<string>("--adaptive-rates") { Description = "Starting grid of steps α for ADAM (both forms) and RMSProp (comma-separated).", DefaultValueFactory = _ => "3e-4,1e-3,3e-3" };
var beta2Option = new Option<double>("--beta2") { Description = "β₂ of ADAM and RMSProp.", DefaultValueFactory = _ => 0.999 };
var xiOption = new Option<string>("--xi") { Description = "Starting grid of ξ for the paper's ADAM and RMSProp (comma-separated).", DefaultValueFactory = _ => "1e-4,1e-2" };
var epsilonOption = new Option<string>("--epsilons") { Description = "Grid of ε for the bias-corrected ADAM (comma-separated; PyTorch's default 1e-8; not widened).", DefaultValueFactory = _ => "1e-8" };
var nesterovRatesOption = new Option<string>("--nesterov-rates") { Description = "Starting grid of NAG steps α (comma-separated).", DefaultValueFactory = _ => "3e-3,1e-2" };
var momentaOption = new Option<string>("--momenta") { Description = "Grid of NAG momenta μ (comma-separated; not widened).", DefaultValueFactory = _ => "0.9,0.99" };
var seedOption = new Option<int>("--seed") { Description = "The first seed; it also draws the subset.", DefaultValueFactory = _ => 1 };
var seedsOption = new Option<int?>("--seeds") { Description = "Seeds per configuration: --seed, --seed + 1, …; each sets the initialisation and the mini-batch order. Tuning ranks by the mean final loss over them. Default: the budget's (3)." };
var wideningsOption = new Option<int>("--max-widenings")
{
    Description = "Most widening rounds: while a family's tuned α is the smallest or largest of its grid in a setting, the next step beyond " +
        "(1–3 ladder: …, 1e-3, 3e-3, 1e-2, …) joins that setting's grid and runs with every seed. 0 keeps the grid as given.",
    DefaultValueFactory = _ => 3,
};
var widenXiOption = new Option<bool>("--widen-xi") { Description = "Widen ξ too (by factors of 10) when a tuned ξ is at its grid's edge; each such widening costs as much as one of α." };
var resumeOption = new Option<bool>("--resume") { Description = "Reuse the runs an interrupted study finished (kept in --out as finished-runs.json, keyed by network, regime, configuration and seed) and train only the rest." };
var outOption = new Option<string>("--out") { Description = "Folder for the plots (PNG and SVG) and the results tables.", DefaultValueFactory = _ => Path.Combine("out", "adam-vs-nesterov") };

var root = new RootCommand("ADAM (β₁ = 0.9, 0.99; the paper's form and the bias-corrected one) and RMSProp against tuned Nesterov acceleration on MNIST autoencoders, after De, Mukherjee and Ullah.");
foreach (Option option in new Option[]
{
    budgetOption, mnistOption, subsetOption, networksOption, regimesOption, iterationsOption, epochsOption, batchOption, chunkOption, rateOption, beta2Option,
    xiOption, epsilonOption, nesterovRatesOption, momentaOption, seedOption, seedsOption, wideningsOption, widenXiOption, outOption, resumeOption,
})
{
    root.Options.Add(option);
}

root.SetAction(parse =>
{
    try
    {
        StudyBudget budget = StudyBudget.Parse(parse.GetValue(budgetOption)!)
            .Override(parse.GetValue(subsetOption), parse.GetValue(iterationsOption), parse.GetValue(epochsOption), parse.GetValue(seedsOption));
        if (budget.Seeds < 1) throw new ArgumentException($"--seeds: expected at least 1 but got {budget.Seeds}.");
        int widenings = parse.GetValue(wideningsOption);
        if (widenings < 0) throw new ArgumentException($"--max-widenings: expected 0 or more but got {widenings}.");
        var settings = new StudySettings(
            parse.GetValue(mnistOption), budget.Subset, StudySettings.ParseNetworks(parse.GetValue(networksOption)!),
            StudySettings.ParseRegimes(parse.GetValue(regimesOption)!, budget.Iterations, budget.Epochs, parse.GetValue(batchOption)),
            parse.GetValue(chunkOption), parse.GetValue(seedOption), parse.GetValue(outOption)!,
            OptimizerSpec.Grid(StudySettings.ParseList("--adaptive-rates", parse.GetValue(rateOption)!), parse.GetValue(beta2Option), StudySettings.ParseList("--xi", parse.GetValue(xiOption)!),
                StudySettings.ParseList("--epsilons", parse.GetValue(epsilonOption)!),
                StudySettings.ParseList("--nesterov-rates", parse.GetValue(nesterovRatesOption)!), StudySettings.ParseList("--momenta", parse.GetValue(momentaOption)!)),
            parse.GetValue(resumeOption), budget.Seeds, widenings, parse.GetValue(widenXiOption), budget.Name);
        return Study.Run(settings);
    }
    catch (ArgumentException error)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
        return 2;
    }
});

return root.Parse(args).Invoke();
