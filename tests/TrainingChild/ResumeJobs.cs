using System.Numerics;
using DslNets.Optimizers;
using DslNets.Training;

namespace DslNets.TrainingChild;

/// <summary>
/// The trainings the kill-and-resume test interrupts: float and double, SGD with momentum, Nesterov and ADAM, each with
/// a cosine schedule by step, shuffling and a resumable checkpoint every 7 steps (so kills land mid-epoch too). Run to
/// the end, each writes its final parameters as raw bits to "&lt;job&gt;.final".
/// </summary>
public static class ResumeJobs
{
    /// <summary>The jobs by name, in the order a run does them.</summary>
    public static readonly string[] Names = ["float-sgd", "float-nag", "float-adam", "double-sgd", "double-nag", "double-adam"];

    /// <summary>Runs every job not yet finished in <paramref name="folder"/>, resuming the one in progress.</summary>
    public static void RunAll(string folder)
    {
        foreach (string job in Names)
        {
            if (!File.Exists(FinalPath(folder, job))) Run(job, folder);
        }
    }

    /// <summary>Runs one job to its end (resuming its checkpoint if there is one) and writes its final parameters.</summary>
    public static void Run(string job, string folder)
    {
        byte[] final = job.StartsWith("float", StringComparison.Ordinal)
            ? Train<ResumeNet, float>(new ResumeNet(seed: 5), job, folder)
            : Train<ResumeNetDouble, double>(new ResumeNetDouble(seed: 5), job, folder);
        string path = FinalPath(folder, job);
        File.WriteAllBytes(path + ".part", final);
        File.Move(path + ".part", path, overwrite: true);
    }

    /// <summary>Where a finished job's final parameters go.</summary>
    public static string FinalPath(string folder, string job) => Path.Combine(folder, job + ".final");

    private static byte[] Train<TNet, T>(TNet net, string job, string folder)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int p = TNet.ParameterCount;
        IOptimizer<T> optimizer = job[(job.IndexOf('-') + 1)..] switch
        {
            "sgd" => new Sgd<T>(p, 0.1, momentum: 0.9),
            "nag" => new NesterovAcceleratedGradient<T>(p, 0.05, 0.9),
            _ => new Adam<T>(p, 0.01),
        };
        var options = new TrainerOptions
        {
            Epochs = 60,
            BatchSize = 16,
            Seed = 11,
            Schedule = LearningRateSchedule.Cosine(optimizer is Adam<T> ? 0.01 : 0.1, period: 780, minimumRate: 0.001),
            EvaluateTrainingSet = false,
            Resumable = new ResumableCheckpoint(Path.Combine(folder, job + ".safetensors")) { EverySteps = 7 },
        };
        var trainer = new Trainer<TNet, T>(net, optimizer, options);
        bool first = true;
        trainer.BatchCompleted += progress =>
        {
            // The test counts the starts that resumed mid-run: a restart from scratch would reach the same end unnoticed.
            if (first) Console.WriteLine($"{job} starts at epoch {progress.Epoch} step {progress.Step}");
            first = false;
        };
        trainer.Fit(Data<T>());
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(net.Parameters.AsSpan()).ToArray();
    }

    /// <summary>200 samples of three Gaussian blobs in 8 dimensions, the same every time.</summary>
    private static TrainingSet<T> Data<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int n = 200;
        var random = new SeededRandom(3);
        var inputs = new T[n * 8];
        var targets = new T[n * 3];
        for (int i = 0; i < n; i++)
        {
            int label = i % 3;
            for (int k = 0; k < 8; k++) inputs[i * 8 + k] = T.CreateChecked(random.NextDouble() - 0.5 + (k % 3 == label ? 1.0 : 0.0));
            targets[i * 3 + label] = T.One;
        }

        return new TrainingSet<T>(inputs, targets, 8, 3);
    }
}
