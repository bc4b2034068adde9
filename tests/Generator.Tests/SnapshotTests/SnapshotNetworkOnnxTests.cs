using System.Reflection;
using System.Runtime.ExceptionServices;
using DslNets.Generator.Tests.Infrastructure;
using DslNets.Runtime.Tests.Onnx;
using Xunit.Abstractions;

namespace DslNets.Generator.Tests.SnapshotTests;

/// <summary>
/// Every listed snapshot network exported to ONNX and run by ONNX Runtime on 100 seeded inputs: its outputs equal
/// <c>Forward</c>'s to 1e-5 (float) or 1e-12 (double) relative; the softmax-loss networks also with the softmax appended.
/// </summary>
public sealed class SnapshotNetworkOnnxTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Networks() => SnapshotNetworks.Data();

    [Theory]
    [MemberData(nameof(Networks))]
    public void TheExportedModelComputesWhatForwardDoes(string name)
    {
        Type network = SnapshotNetworkTypes.Find(name);
        Check(network, softmax: false);
        if ((Loss)network.GetProperty(nameof(global::DslNets.Generator.Tests.Networks.TinyRegressor.LossFunction))!.GetValue(null)! == Loss.SoftmaxCrossEntropy)
            Check(network, softmax: true);
    }

    private void Check(Type network, bool softmax)
    {
        Type element = SnapshotNetworkTypes.ElementType(network);
        MethodInfo method = typeof(OnnxRuntimeCheck).GetMethod(nameof(OnnxRuntimeCheck.AssertSeededNetworkMatches))!.MakeGenericMethod(network, element);
        try
        {
            double worst = (double)method.Invoke(null, [_folder.Path, network.Name.Length * 97 + 3, softmax])!;
            output.WriteLine($"{network.Name}{(softmax ? " + softmax" : "")}: largest relative difference {worst:E2}");
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(invocation.InnerException).Throw();
        }
    }
}
