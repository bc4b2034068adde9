using System.Globalization;
using System.Text.Json;
using DslNets.TorchSharpPeer;
using TorchSharp;

// The TorchSharp side of bench/peer/compare_single_sample.py and compare_training.py: the same networks, losses and
// SGD steps as single_sample_peer.py and training_peer.py (PyTorch), timed the same way, printed as the same JSON.
//   dotnet run -c Release --project bench/DslNets.TorchSharpPeer -- single-sample [threads]
//   dotnet run -c Release --project bench/DslNets.TorchSharpPeer -- training [threads]
if (args.Length is < 1 or > 2 || args[0] is not ("single-sample" or "training"))
{
    Console.Error.WriteLine("Usage: DslNets.TorchSharpPeer single-sample|training [threads]");
    return 2;
}

int threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
torch.set_num_threads(threads);
var results = new Dictionary<string, object>();
if (args[0] == "single-sample")
{
    foreach (var (name, widths) in new[] { ("2-16-16-1", new[] { 2, 16, 16, 1 }), ("784-128-10", new[] { 784, 128, 10 }) })
    {
        using var peer = new SingleSamplePeer(widths);
        results[$"{name} Forward"] = new { median_s = StepTimer.Median(peer.Forward, warmUp: 100, seconds: 2.0, minimumCount: 100) };
        results[$"{name} train step"] = new { median_s = StepTimer.Median(peer.TrainStep, warmUp: 100, seconds: 2.0, minimumCount: 100) };
    }
}
else
{
    foreach (var (name, widths, batch) in new[]
             {
                 ("784-128-10 step, batch 64", new[] { 784, 128, 10 }, 64),
                 ("784-512-512-10 step, batch 256", new[] { 784, 512, 512, 10 }, 256),
                 ("784-1024x3-10 step, batch 512", new[] { 784, 1024, 1024, 1024, 10 }, 512),
             })
    {
        using var peer = new TrainingPeer(widths, batch);
        double median = StepTimer.Median(peer.Step, warmUp: 10, seconds: 3.0, minimumCount: 20);
        results[name] = new { median_s = median, samples_per_s = batch / median };
    }
}

string version = typeof(torch).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
    .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
results["_meta"] = new { torchsharp = version.Split('+')[0], threads = torch.get_num_threads() };
Console.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
return 0;
