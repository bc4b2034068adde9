using System.Reflection;
using System.Runtime.ExceptionServices;
using DslNets.Generator.Tests.Reference;

namespace DslNets.Generator.Tests.SnapshotTests;

/// <summary>
/// Every listed snapshot network, as compiled into this project by the generator: its static description agrees with
/// itself (sizes, layers, tensors tiling the parameters, summary, IsPiecewiseLinear, Precision) and Create is seeded.
/// (Forward and Gradient against the reference are checked per network in Networks/GeneratedNetworkChecks.)
/// </summary>
public sealed class SnapshotNetworkMetadataTests
{
    public static TheoryData<string> Networks() => SnapshotNetworks.Data();

    [Theory]
    [MemberData(nameof(Networks))]
    public void TheGeneratedMetadataIsConsistent(string name)
    {
        Type network = SnapshotNetworkTypes.Find(name);
        Type element = SnapshotNetworkTypes.ElementType(network);
        string check = element == typeof(double) ? nameof(CheckDouble) : element == typeof(float) ? nameof(CheckSingle)
            : throw new InvalidOperationException($"'{name}' has element type {element}; expected float or double.");
        MethodInfo method = typeof(SnapshotNetworkMetadataTests).GetMethod(check, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(network);
        try
        {
            method.Invoke(null, [StableSeed(name)]);
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(invocation.InnerException).Throw();
        }
    }

    private static void CheckDouble<TNet>(int seed) where TNet : INetwork<TNet, double>
    {
        var constants = new double[TNet.ConstantCount];
        new SeededRandom(seed).FillGaussian<double>(constants);
        MetadataChecks.AssertConsistent<TNet, double>(constants, seed);
    }

    private static void CheckSingle<TNet>(int seed) where TNet : INetwork<TNet, float>
    {
        var constants = new float[TNet.ConstantCount];
        new SeededRandom(seed).FillGaussian<float>(constants);
        MetadataChecks.AssertConsistent<TNet, float>(constants, seed);
    }

    // A seed fixed by the name (string.GetHashCode is randomised per process).
    private static int StableSeed(string name) => name.Aggregate(17, (hash, c) => unchecked(hash * 31 + c)) & 0x7FFF;
}
