namespace DslNets.Runtime.Tests.Core;

public class InitializationTests
{
    [Theory]
    [InlineData(784, 128)]
    [InlineData(16, 16)]
    public void HeAndGlorotHaveTheirVariances(int fanIn, int fanOut)
    {
        double[] he = new double[100_000];
        double[] glorot = new double[100_000];
        Initialization.He<double>(he, fanIn, new SeededRandom(1));
        Initialization.Glorot<double>(glorot, fanIn, fanOut, new SeededRandom(2));
        double heVariance = he.Select(v => v * v).Average();
        double glorotVariance = glorot.Select(v => v * v).Average();
        // Sample variance of n normals has relative standard error sqrt(2/n) ≈ 0.0045; allow 5 of them.
        Assert.InRange(heVariance / (2.0 / fanIn), 0.977, 1.023);
        Assert.InRange(glorotVariance / (2.0 / (fanIn + fanOut)), 0.977, 1.023);
    }

    [Fact]
    public void SameSeedSameWeights()
    {
        float[] a = new float[100];
        float[] b = new float[100];
        Initialization.He<float>(a, 10, new SeededRandom(5));
        Initialization.He<float>(b, 10, new SeededRandom(5));
        Assert.Equal(a, b);
    }
}
