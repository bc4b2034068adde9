using DslNets.Gpu;
using DslNets.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace DslNets.Runtime.Tests.Gpu;

/// <summary>Bad shapes, strides, accelerators and aliasing are refused on the host, naming what was expected and what came.</summary>
[Collection(GemmTestAcceleratorsCollection.Name)]
public class DeviceValidationTests(GemmTestAccelerators accelerators)
{
    [Fact]
    public void WrongSizedDenseViewsNameBothLengths()
    {
        DeviceGemm gemm = accelerators.DefaultGemm;
        using var buffer = accelerators.Default.Allocate1D<float>(64);
        ArrayView<float> View(int length) => buffer.View.SubView(0, length);
        var ex = Assert.Throws<ArgumentException>(() => gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 4, 3, 1f, View(5), View(12), 0f, View(8)));
        Assert.Contains("6", ex.Message);
        Assert.Contains("5", ex.Message);
        Assert.Equal("a", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, 2, 4, 3, 1f, View(6), View(13), 0f, View(8)));
        Assert.Contains("12", ex.Message);
        Assert.Contains("13", ex.Message);
        Assert.Contains("transposed", ex.Message);
        Assert.Equal("b", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 4, 3, 1f, View(6), View(12), 0f, View(9)));
        Assert.Contains("8", ex.Message);
        Assert.Contains("9", ex.Message);
        Assert.Equal("c", ex.ParamName);
    }

    [Fact]
    public void ViewsTooShortForTheirLeadingDimensionNameBothLengths()
    {
        DeviceGemm gemm = accelerators.DefaultGemm;
        using var buffer = accelerators.Default.Allocate1D<float>(64);
        ArrayView<float> View(int length) => buffer.View.SubView(0, length);
        // A is 3×4 with lda 6: the last row ends at 2·6 + 4 = 16.
        var ex = Assert.Throws<ArgumentException>(() => gemm.Multiply(MatrixOp.None, MatrixOp.None, 3, 2, 4, 1f, View(15), 6, View(8), 2, 0f, View(6), 2));
        Assert.Contains("16", ex.Message);
        Assert.Contains("15", ex.Message);
        // Transposed B is n×k = 2×4 stored with ldb 5: it needs 5 + 4 = 9.
        ex = Assert.Throws<ArgumentException>(() => gemm.Multiply(MatrixOp.None, MatrixOp.Transpose, 3, 2, 4, 1f, View(12), 4, View(8), 5, 0f, View(6), 2));
        Assert.Contains("9", ex.Message);
        Assert.Contains("8", ex.Message);
        Assert.Contains("transposed", ex.Message);
        Assert.Equal("lda", Assert.Throws<ArgumentOutOfRangeException>(() =>
            gemm.Multiply(MatrixOp.None, MatrixOp.None, 3, 2, 4, 1f, View(12), 3, View(8), 2, 0f, View(6), 2)).ParamName);
        Assert.Equal("ldc", Assert.Throws<ArgumentOutOfRangeException>(() =>
            gemm.Multiply(MatrixOp.None, MatrixOp.None, 3, 2, 4, 1f, View(12), 4, View(8), 2, 0f, View(6), 1)).ParamName);
    }

    [Fact]
    public void NegativeDimensionsUnknownOperationsAndOtherElementTypesAreRejected()
    {
        DeviceGemm gemm = accelerators.DefaultGemm;
        using var buffer = accelerators.Default.Allocate1D<float>(4);
        ArrayView<float> one = buffer.View.SubView(0, 1);
        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => gemm.Multiply(MatrixOp.None, MatrixOp.None, -1, 1, 1, 1f, one, one, 0f, one)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => gemm.Multiply(MatrixOp.None, MatrixOp.None, 1, 1, -2, 1f, one, one, 0f, one)).ParamName);
        Assert.Equal("opB", Assert.Throws<ArgumentOutOfRangeException>(() => gemm.Multiply(MatrixOp.None, (MatrixOp)7, 1, 1, 1, 1f, one, 1, one, 1, 0f, one, 1)).ParamName);
        using var halves = accelerators.Default.Allocate1D<System.Half>(1);
        Assert.Throws<NotSupportedException>(() => gemm.Multiply(MatrixOp.None, MatrixOp.None, 1, 1, 1, (System.Half)1, halves.View, halves.View, (System.Half)0, halves.View));
    }

    [Fact]
    public void ViewsOfAnotherAcceleratorAndOutputsOverlappingInputsAreRefused()
    {
        DeviceGemm gemm = accelerators.DefaultGemm;
        using var here = accelerators.Default.Allocate1D<double>(16);
        using var there = accelerators.Wide.Allocate1D<double>(4);
        var ex = Assert.Throws<ArgumentException>(() => gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 2, 2, 1.0, here.View.SubView(0, 4), there.View, 0.0, here.View.SubView(8, 4)));
        Assert.Equal("b", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 2, 2, 1.0, here.View.SubView(0, 4), here.View.SubView(4, 4), 0.0, here.View.SubView(6, 4)));
        Assert.Contains("overlap", ex.Message);
        // Adjacent but disjoint is fine.
        gemm.Multiply(MatrixOp.None, MatrixOp.None, 2, 2, 2, 1.0, here.View.SubView(0, 4), here.View.SubView(4, 4), 0.0, here.View.SubView(8, 4));
        accelerators.Default.Synchronize();
    }

    [Fact]
    public void DenseStepsNameTheViewItsShapeAndBothLengths()
    {
        DeviceDenseKernels dense = accelerators.DefaultDense;
        using var buffer = accelerators.Default.Allocate1D<float>(1024);
        int offset = 0;
        ArrayView<float> View(int length)
        {
            ArrayView<float> view = buffer.View.SubView(offset, length);
            offset += length;
            return view;
        }

        // Batch 7, 3 inputs, 5 outputs.
        var ex = Assert.Throws<ArgumentException>(() => dense.Forward(View(20), View(15), View(5), View(35), 7, 3, 5));
        Assert.Equal("x", ex.ParamName);
        Assert.Contains("batch×inputs = 7×3 = 21", ex.Message);
        Assert.Contains("has 20", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => dense.Forward(View(21), View(15), View(4), View(35), 7, 3, 5));
        Assert.Equal("bias", ex.ParamName);
        Assert.Contains("5", ex.Message);
        Assert.Contains("4", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => dense.ForwardTied(View(21), View(14), ArrayView<float>.Empty, View(35), 7, 3, 5));
        Assert.Equal("tiedWeights", ex.ParamName);
        Assert.Contains("inputs×outputs = 3×5 = 15", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => dense.ActivationGradient(View(35), View(34), 7, 5, Activation.ReLU));
        Assert.Equal("activations", ex.ParamName);
        Assert.Contains("34", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => dense.WeightGradient(View(35), View(21), View(16), 7, 3, 5));
        Assert.Equal("weightGradient", ex.ParamName);
        Assert.Contains("outputs×inputs = 5×3 = 15", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => dense.BiasGradient(View(35), View(6), 7, 5));
        Assert.Equal("biasGradient", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => dense.InputGradient(View(35), View(15), View(22), 7, 3, 5));
        Assert.Equal("inputGradient", ex.ParamName);
        Assert.Contains("22", ex.Message);
        Assert.Equal("activation", Assert.Throws<ArgumentOutOfRangeException>(() =>
            dense.Forward(View(21), View(15), ArrayView<float>.Empty, View(35), 7, 3, 5, (Activation)9)).ParamName);
        Assert.Equal("leakySlope", Assert.Throws<ArgumentOutOfRangeException>(() =>
            dense.Forward(View(21), View(15), ArrayView<float>.Empty, View(35), 7, 3, 5, Activation.LeakyReLU, -0.5)).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => dense.BiasGradient(View(5), View(5), -1, 5)).ParamName);
    }
}
