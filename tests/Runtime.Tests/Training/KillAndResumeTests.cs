using System.Diagnostics;
using DslNets.Runtime.Tests.Data;
using DslNets.TrainingChild;
using Xunit.Abstractions;

namespace DslNets.Runtime.Tests.Training;

/// <summary>
/// Training survives SIGKILL: the trainings of <see cref="ResumeJobs"/> (float and double; SGD, Nesterov, ADAM) run as a
/// child process that is killed at random moments at least 20 times and restarted each time, resuming its checkpoint;
/// the final parameters equal those of an uninterrupted run bit for bit, and no temporary file survives.
/// </summary>
public sealed class KillAndResumeTests(ITestOutputHelper output) : IDisposable
{
    private const int KillsRequired = 20;
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Killed_and_resumed_trainings_end_bit_for_bit_where_uninterrupted_ones_do()
    {
        string reference = Directory.CreateDirectory(Path.Combine(_folder.Path, "reference")).FullName;
        foreach (string job in ResumeJobs.Names) ResumeJobs.Run(job, reference);

        var random = new Random(2026);
        int kills = 0, rounds = 0, starts = 0, resumedStarts = 0;
        string work = "";
        while (kills < KillsRequired || work.Length > 0)
        {
            if (work.Length == 0) work = Directory.CreateDirectory(Path.Combine(_folder.Path, $"round{++rounds}")).FullName;
            (bool killed, string said) = StartAndMaybeKill(work, kills < KillsRequired ? random.Next(0, 250) : -1);
            starts++;
            resumedStarts += said.Split('\n').Count(line => line.Contains(" starts at ", StringComparison.Ordinal) && !line.EndsWith("epoch 1 step 1", StringComparison.Ordinal));
            if (killed) kills++;
            if (ResumeJobs.Names.All(job => File.Exists(ResumeJobs.FinalPath(work, job))))
            {
                foreach (string job in ResumeJobs.Names)
                {
                    Assert.True(File.ReadAllBytes(ResumeJobs.FinalPath(reference, job)).AsSpan().SequenceEqual(File.ReadAllBytes(ResumeJobs.FinalPath(work, job))),
                        $"round {rounds}, job {job}: the resumed run's final parameters differ from the uninterrupted run's");
                }

                Assert.Empty(Directory.GetFiles(work, "*.tmp").Concat(Directory.GetFiles(work, ".*.tmp")));
                work = "";
            }
        }

        output.WriteLine($"{kills} kills over {starts} starts in {rounds} rounds of {ResumeJobs.Names.Length} trainings; {resumedStarts} trainings resumed mid-run");
        Assert.True(kills >= KillsRequired);
        Assert.True(resumedStarts >= KillsRequired / 2, $"only {resumedStarts} restarts resumed a checkpoint mid-run");
    }

    /// <summary>
    /// Runs the child in <paramref name="folder"/>; with <paramref name="killAfterMs"/> ≥ 0, kills it with SIGKILL that
    /// long after it reports its first training step (so the kill lands in training, not in the runtime's start-up,
    /// however busy the machine). Returns whether it was killed while running, and what it printed.
    /// </summary>
    private static (bool Killed, string Said) StartAndMaybeKill(string folder, int killAfterMs)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "DslNets.TrainingChild.dll"), folder])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var lines = new List<string>();
        var training = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var child = new Process { StartInfo = start };
        child.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (lines) lines.Add(line.Data);
            if (line.Data.Contains(" starts at ", StringComparison.Ordinal)) training.TrySetResult();
        };
        child.Start();
        child.BeginOutputReadLine();
        Task<string> errors = child.StandardError.ReadToEndAsync();
        bool killed = false;
        if (killAfterMs >= 0)
        {
            Task.WaitAny([training.Task, child.WaitForExitAsync()], TimeSpan.FromMinutes(2));
            if (!child.WaitForExit(killAfterMs))
            {
                child.Kill(entireProcessTree: true); // SIGKILL on Linux: no finally block, no flush, nothing runs
                killed = true;
            }
        }

        child.WaitForExit();
        if (!killed) Assert.True(child.ExitCode == 0, $"the training child failed with exit code {child.ExitCode}: {errors.Result}");
        lock (lines) return (killed, string.Join("\n", lines));
    }
}
