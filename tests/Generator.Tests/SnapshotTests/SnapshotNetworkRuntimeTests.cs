using System.Reflection;
using System.Runtime.ExceptionServices;
using DslNets.Generator.Tests.Reference;

namespace DslNets.Generator.Tests.SnapshotTests;

/// <summary>
/// Every listed snapshot network, compiled into this project by the generator, loaded and run: its static description
/// agrees with itself (sizes, layers, tensors tiling the parameters, summary, IsPiecewiseLinear, Precision, seeding);
/// (double) Forward equals the naive reference to 1e-12 and Gradient equals central finite differences to a relative
/// 1e-6, accumulates, scales and batches; (float) Forward and Gradient equal the reference to float accuracy.
/// </summary>
public sealed class SnapshotNetworkRuntimeTests
{
    public static TheoryData<string> Networks() => SnapshotNetworks.Data();

    [Theory]
    [MemberData(nameof(Networks))]
    public void TheGeneratedNetworkIsConsistentAndComputesWhatTheReferenceDoes(string name)
    {
        Type network = SnapshotNetworkTypes.Find(name);
        Type element = SnapshotNetworkTypes.ElementType(network);
        string check = element == typeof(double) ? nameof(CheckDouble) : element == typeof(float) ? nameof(CheckSingle)
            : throw new InvalidOperationException($"'{name}' has element type {element}; expected float or double.");
        MethodInfo method = typeof(SnapshotNetworkRuntimeTests).GetMethod(check, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(network);
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
        NetworkChecks.AssertAll(TNet.Create(seed, constants), seed);
    }

    private static void CheckSingle<TNet>(int seed) where TNet : INetwork<TNet, float>
    {
        var constants = new float[TNet.ConstantCount];
        new SeededRandom(seed).FillGaussian<float>(constants);
        MetadataChecks.AssertConsistent<TNet, float>(constants, seed);
        TNet net = TNet.Create(seed, constants);
        NetworkChecks.AssertSingleForwardMatchesReference(net, seed);
        NetworkChecks.AssertSingleGradientMatchesReference(net, seed + 1);
    }

    // A seed fixed by the name (string.GetHashCode is randomised per process).
    private static int StableSeed(string name) => name.Aggregate(17, (hash, c) => unchecked(hash * 31 + c)) & 0x7FFF;
}
