using DslNets.Checkpoints;
using DslNets.Optimizers;
using DslNets.Runtime.Tests.Data;
using DslNets.Training;
using DslNets.TrainingChild;

namespace DslNets.Runtime.Tests.Training;

/// <summary>
/// Resumable checkpoints in-process: a second Fit continues the first exactly (also across an epoch boundary and with
/// early stopping state), a checkpoint of another run is refused naming the difference, and stale temporary files of
/// dead writers are removed by the next save.
/// </summary>
public sealed class ResumableCheckpointTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static TrainingSet<float> Data()
    {
        var random = new SeededRandom(4);
        const int n = 50;
        var inputs = new float[n * ResumeNet.InputSize];
        var targets = new float[n * ResumeNet.OutputSize];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)(random.NextDouble() - 0.5);
        for (int i = 0; i < n; i++) targets[i * ResumeNet.OutputSize + i % ResumeNet.OutputSize] = 1;
        return new TrainingSet<float>(inputs, targets, ResumeNet.InputSize, ResumeNet.OutputSize);
    }

    private static TrainerOptions Options(int epochs, string? path, int batch = 8, int everySteps = 0) => new()
    {
        Epochs = epochs,
        BatchSize = batch,
        Seed = 9,
        Schedule = LearningRateSchedule.Cosine(0.05, 60),
        EarlyStopping = new EarlyStopping(StoppingMetric.TrainingLoss, Patience: 100),
        Resumable = path is null ? null : new ResumableCheckpoint(path) { EverySteps = everySteps },
    };

    private static float[] Train(int epochs, string? path, Func<IOptimizer<float>>? optimizer = null, int batch = 8, int everySteps = 0)
    {
        var net = new ResumeNet(seed: 2);
        new Trainer<ResumeNet, float>(net, optimizer?.Invoke() ?? new Adam<float>(ResumeNet.ParameterCount, 0.01), Options(epochs, path, batch, everySteps)).Fit(Data());
        return net.Parameters;
    }

    [Fact]
    public void A_second_fit_continues_the_first_exactly()
    {
        string path = _folder.File("run.safetensors");
        float[] straight = Train(12, null);

        Train(5, path, everySteps: 3);
        float[] continued = Train(12, path);

        Assert.Equal(straight, continued);
    }

    [Fact]
    public void A_fit_stopped_mid_epoch_continues_exactly_from_its_last_step_checkpoint()
    {
        string path = _folder.File("mid.safetensors");
        float[] straight = Train(6, null);
        var net = new ResumeNet(seed: 2);
        var trainer = new Trainer<ResumeNet, float>(net, new Adam<float>(ResumeNet.ParameterCount, 0.01), Options(6, path, everySteps: 4));
        using var cancel = new CancellationTokenSource();
        int steps = 0;
        // Stop at step 18 (mid-epoch 3 of 7-step epochs): the checkpoint of step 16 is the last one written.
        trainer.BatchCompleted += _ => { if (++steps == 18) cancel.Cancel(); };
        Assert.Throws<OperationCanceledException>(() => trainer.Fit(Data(), cancellationToken: cancel.Token));

        float[] continued = Train(6, path);

        Assert.Equal(straight, continued);
    }

    [Fact]
    public void A_checkpoint_of_another_optimiser_is_refused_naming_both()
    {
        string path = _folder.File("sgd.safetensors");
        Train(1, path, () => new Sgd<float>(ResumeNet.ParameterCount, 0.1, momentum: 0.9));

        var error = Assert.Throws<CheckpointException>(() => Train(2, path));

        Assert.Contains(path, error.Message);
        Assert.Contains("optimizer Sgd, but this run has optimizer Adam", error.Message);
    }

    [Fact]
    public void A_checkpoint_of_another_batch_size_or_network_is_refused_naming_the_difference()
    {
        string path = _folder.File("b8.safetensors");
        Train(1, path);

        var batch = Assert.Throws<CheckpointException>(() => Train(2, path, batch: 5));
        var network = Assert.Throws<CheckpointException>(() =>
            new Trainer<ResumeNetDouble, double>(new ResumeNetDouble(seed: 2), new Adam<double>(ResumeNetDouble.ParameterCount, 0.01), Options(2, path))
                .Fit(new TrainingSet<double>(new double[8 * 4], new double[3 * 4], 8, 3)));

        Assert.Contains("batch size 8, but this run has batch size 5", batch.Message);
        Assert.Contains("network DslNets.TrainingChild.ResumeNet, but this run has network DslNets.TrainingChild.ResumeNetDouble", network.Message);
    }

    [Fact]
    public void A_plain_parameter_checkpoint_is_not_taken_for_a_resumable_one()
    {
        string path = _folder.File("plain.safetensors");
        Checkpoint.Save<ResumeNet, float>(new ResumeNet(seed: 1), path);

        var error = Assert.Throws<CheckpointException>(() => Train(1, path));

        Assert.Contains("is it a plain parameter checkpoint?", error.Message);
    }

    [Fact]
    public void The_next_save_removes_temporary_files_a_killed_writer_left()
    {
        string path = _folder.File("stale.safetensors");
        // A pid beyond Linux's pid_max: no such process can be running.
        string stale = _folder.File($".stale.safetensors.{int.MaxValue - 1}.3.tmp");
        string live = _folder.File($".stale.safetensors.{Environment.ProcessId}.999999.tmp");
        File.WriteAllBytes(stale, [1, 2, 3]);
        File.WriteAllBytes(live, [4]);

        Train(1, path);

        Assert.False(File.Exists(stale), "the dead writer's temporary file survived the save");
        Assert.True(File.Exists(live), "a live process's temporary file was removed");
        Assert.True(File.Exists(path));
    }
}
