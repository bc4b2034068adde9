using DslNets.Geometry;
using Xunit;

namespace DslNets.Runtime.Tests.Geometry;

public class CopyParametersTests
{
    private static void Copy<TNet>(TNet net, Span<double> destination) where TNet : IPiecewiseLinearNetwork<TNet> => net.CopyParameters(destination);

    [Fact]
    public void Float_and_double_networks_give_their_parameters_as_doubles()
    {
        var single = new FloatPlaneNet(seed: 4);
        var copy = new double[FloatPlaneNet.ParameterCount];
        Copy(single, copy);
        for (int i = 0; i < copy.Length; i++) Assert.Equal((double)single.Parameters[i], copy[i]);

        var dual = new PlaneNet(seed: 4);
        var copyDouble = new double[PlaneNet.ParameterCount];
        Copy(dual, copyDouble);
        Assert.Equal(dual.Parameters, copyDouble);
    }

    [Fact]
    public void A_destination_of_the_wrong_length_is_refused_with_both_lengths()
    {
        var net = new PlaneNet(seed: 1);
        var error = Assert.Throws<ArgumentException>(() => Copy(net, new double[PlaneNet.ParameterCount + 1]));
        Assert.Contains($"{PlaneNet.ParameterCount} numbers", error.Message);
        Assert.Contains($"got {PlaneNet.ParameterCount + 1}", error.Message);
    }
}
