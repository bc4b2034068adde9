using DslNets.Kernels;

namespace DslNets.Runtime.Tests.Kernels;

/// <summary>Bad shapes, strides and aliasing give exceptions that name what was expected and what came.</summary>
public class GemmValidationTests
{
    [Fact]
    public void WrongSizedDenseSpansNameBothLengths()
    {
        float[] a = new float[6], b = new float[12], c = new float[8];
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 4, 3, 1f, a.AsSpan(0, 5), b, 0f, c));
        Assert.Contains("6", ex.Message);
        Assert.Contains("5", ex.Message);
        Assert.Equal("a", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, 2, 4, 3, 1f, a, new float[13], 0f, c));
        Assert.Contains("12", ex.Message);
        Assert.Contains("13", ex.Message);
        Assert.Equal("b", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 4, 3, 1f, a, b, 0f, new float[9]));
        Assert.Contains("8", ex.Message);
        Assert.Contains("9", ex.Message);
        Assert.Equal("c", ex.ParamName);
    }

    [Fact]
    public void SpansTooShortForTheirLeadingDimensionNameBothLengths()
    {
        // A is 3×4 with lda 6: the last row ends at 2·6 + 4 = 16.
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(MatrixOp.None, MatrixOp.None, 3, 2, 4, 1f, new float[15], 6, new float[8], 2, 0f, new float[6], 2));
        Assert.Contains("16", ex.Message);
        Assert.Contains("15", ex.Message);
        // Transposed B is n×k = 2×4 stored with ldb 5: it needs 5 + 4 = 9.
        ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, 3, 2, 4, 1f, new float[12], 4, new float[8], 5, 0f, new float[6], 2));
        Assert.Contains("9", ex.Message);
        Assert.Contains("8", ex.Message);
        Assert.Contains("transposed", ex.Message);
    }

    [Fact]
    public void LeadingDimensionsNarrowerThanTheMatrixAreRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Multiply(MatrixOp.None, MatrixOp.None, 3, 2, 4, 1f, new float[12], 3, new float[8], 2, 0f, new float[6], 2));
        Assert.Equal("lda", ex.ParamName);
        Assert.Contains("4", ex.Message);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Multiply(MatrixOp.None, MatrixOp.None, 3, 2, 4, 1f, new float[12], 4, new float[8], 2, 0f, new float[6], 1));
        Assert.Equal("ldc", ex.ParamName);
    }

    [Fact]
    public void NegativeDimensionsAndUnknownOperationsAreRejected()
    {
        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(MatrixOp.None, MatrixOp.None, -1, 2, 2, 1f, new float[0], new float[4], 0f, new float[0])).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(MatrixOp.None, MatrixOp.None, 1, 2, -2, 1f, new float[0], new float[0], 0f, new float[2])).ParamName);
        Assert.Equal("opB", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(MatrixOp.None, (MatrixOp)7, 1, 1, 1, 1f, new float[1], 1, new float[1], 1, 0f, new float[1], 1)).ParamName);
    }

    [Fact]
    public void OverlappingOutputIsRejected()
    {
        float[] buffer = new float[16];
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 2, 2, 1f, buffer.AsSpan(0, 4), buffer.AsSpan(4, 4), 0f, buffer.AsSpan(2, 4)));
        Assert.Equal("c", ex.ParamName);
    }

    [Fact]
    public void DenseEntryPointsNameTheShapeAndBothLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            DenseKernels.Forward<float>(new float[2 * 5], new float[3 * 5], new float[4], new float[2 * 3], 2, 5, 3));
        Assert.Equal("bias", ex.ParamName);
        Assert.Contains("3", ex.Message);
        Assert.Contains("4", ex.Message);
        ex = Assert.Throws<ArgumentException>(() =>
            DenseKernels.WeightGradient<float>(new float[2 * 3], new float[2 * 5], new float[14], 2, 5, 3));
        Assert.Equal("weightGradient", ex.ParamName);
        Assert.Contains("15", ex.Message);
        Assert.Contains("14", ex.Message);
        ex = Assert.Throws<ArgumentException>(() =>
            DenseKernels.InputGradient<float>(new float[7], new float[3 * 5], new float[2 * 5], 2, 5, 3));
        Assert.Equal("delta", ex.ParamName);
        Assert.Contains("6", ex.Message);
        Assert.Contains("7", ex.Message);
    }
}
