using System.Globalization;
using System.Numerics;
using DslNets.Checkpoints;
using DslNets.Optimizers;

namespace DslNets.Training;

/// <summary>
/// A resumable training checkpoint as a safetensors file: tensors "parameters", "last_good", "best" (with early stopping
/// that restores the best) and "optimizer.&lt;state&gt;", all of the network's element type; the position and the
/// identity of the run (network, optimiser, data size, batch size, seed, shuffling) in the metadata. Doubles are stored
/// as their bits, so nothing is rounded. A file from another run is refused with a message naming the difference.
/// </summary>
internal static class TrainingCheckpointFile
{
    private const string Prefix = "dslnets.training.";

    /// <summary>The tensors of a checkpoint for <paramref name="optimizer"/>, laid end to end in one vector.</summary>
    public static List<TensorInfo> Layout<T>(int parameterCount, IOptimizer<T> optimizer, bool withBest) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new List<TensorInfo>();
        void Add(string name) => tensors.Add(new TensorInfo(name, tensors.Count * parameterCount, 1, parameterCount));
        Add("parameters");
        Add("last_good");
        if (withBest) Add("best");
        foreach ((string name, _) in OptimizerState.Arrays(optimizer)) Add("optimizer." + name);
        return tensors;
    }

    /// <summary>What must agree between the run that wrote a checkpoint and the run that resumes it.</summary>
    public static Dictionary<string, string> Identity<TNet, T>(IOptimizer<T> optimizer, TrainerOptions options, int trainingCount)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T> => new(StringComparer.Ordinal)
    {
        [Prefix + "network"] = typeof(TNet).FullName ?? typeof(TNet).Name,
        [Prefix + "parameter_count"] = Text(TNet.ParameterCount),
        [Prefix + "element_type"] = typeof(T).Name,
        [Prefix + "optimizer"] = OptimizerName(optimizer),
        [Prefix + "training_samples"] = Text(trainingCount),
        [Prefix + "batch_size"] = Text(options.BatchSize),
        [Prefix + "seed"] = Text(options.Seed),
        [Prefix + "shuffle"] = options.Shuffle ? "true" : "false",
        [Prefix + "drop_last"] = options.DropLast ? "true" : "false",
    };

    public static void Save<T>(string path, IReadOnlyList<TensorInfo> layout, T[] buffer, Dictionary<string, string> identity, TrainingState state, IOptimizer<T> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var metadata = new Dictionary<string, string>(identity, StringComparer.Ordinal)
        {
            [Prefix + "epoch"] = Text(state.Epoch),
            [Prefix + "steps_done"] = Text(state.StepsDone),
            [Prefix + "epoch_finished"] = state.EpochFinished ? "true" : "false",
            [Prefix + "global_step"] = Text(state.GlobalStep),
            [Prefix + "last_good_epoch"] = Text(state.LastGoodEpoch),
            [Prefix + "loss_sum"] = Bits(state.LossSum),
            [Prefix + "norm_sum"] = Bits(state.NormSum),
            [Prefix + "best"] = Bits(state.Best),
            [Prefix + "best_epoch"] = Text(state.BestEpoch),
            [Prefix + "since_improvement"] = Text(state.SinceImprovement),
            [Prefix + "random_state"] = string.Join(",", state.RandomState.Select(w => w.ToString("X16", CultureInfo.InvariantCulture))),
            [Prefix + "optimizer_steps"] = Text(optimizer.StepCount),
            [Prefix + "learning_rate"] = Bits(double.CreateChecked(optimizer.LearningRate)),
            [Prefix + "optimizer_flags"] = OptimizerState.Flags(optimizer),
        };
        AtomicFile.RemoveStale(Path.GetFullPath(path));
        Checkpoint.SaveTensors<T>(path, layout, buffer, metadata);
    }

    /// <summary>Reads a checkpoint into <paramref name="buffer"/> after checking it belongs to this run.</summary>
    /// <exception cref="CheckpointException">The file is not a checkpoint of this run; the message names the difference.</exception>
    public static TrainingState Load<T>(string path, IReadOnlyList<TensorInfo> layout, T[] buffer, Dictionary<string, string> identity, IOptimizer<T> optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SafeTensorsFile file = SafeTensorsFile.Read(path);
        IReadOnlyDictionary<string, string> m = file.Metadata;
        foreach ((string key, string expected) in identity)
        {
            string what = key[Prefix.Length..].Replace('_', ' ');
            if (!m.TryGetValue(key, out string? found))
                throw new CheckpointException($"{path}: expected a resumable training checkpoint with its {what} but the file has no '{key}' (is it a plain parameter checkpoint?)");
            if (found != expected)
                throw new CheckpointException($"{path}: the checkpoint was written by a run with {what} {found}, but this run has {what} {expected}; it cannot be resumed here");
        }

        Checkpoint.LoadTensors(file, layout, buffer.AsSpan(), "the resumable training state");
        try
        {
            var state = new TrainingState(
                Int(m, "epoch"), Int(m, "steps_done"), m[Prefix + "epoch_finished"] == "true", Long(m, "global_step"), Int(m, "last_good_epoch"),
                FromBits(m, "loss_sum"), FromBits(m, "norm_sum"), FromBits(m, "best"), Int(m, "best_epoch"), Int(m, "since_improvement"),
                m[Prefix + "random_state"].Split(',').Select(w => ulong.Parse(w, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray());
            if (state.RandomState.Length != 4) throw new FormatException("the random state has not four words");
            optimizer.LearningRate = T.CreateChecked(FromBits(m, "learning_rate"));
            OptimizerState.Restore(optimizer, m[Prefix + "optimizer_flags"], Long(m, "optimizer_steps"));
            return state;
        }
        catch (Exception error) when (error is FormatException or KeyNotFoundException or OverflowException or ArgumentException)
        {
            throw new CheckpointException($"{path}: expected the training position in the metadata but it is unreadable ({error.Message})", error);
        }
    }

    /// <summary>"Adam", "Sgd": the optimiser's type without its generic arity.</summary>
    public static string OptimizerName<T>(IOptimizer<T> optimizer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string name = optimizer.GetType().Name;
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bits(double value) => BitConverter.DoubleToInt64Bits(value).ToString("X16", CultureInfo.InvariantCulture);

    private static double FromBits(IReadOnlyDictionary<string, string> m, string key) =>
        BitConverter.Int64BitsToDouble(long.Parse(m[Prefix + key], NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    private static int Int(IReadOnlyDictionary<string, string> m, string key) => int.Parse(m[Prefix + key], NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static long Long(IReadOnlyDictionary<string, string> m, string key) => long.Parse(m[Prefix + key], NumberStyles.Integer, CultureInfo.InvariantCulture);
}
