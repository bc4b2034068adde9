using System.Numerics;

namespace DslNets.Onnx;

/// <summary>The ONNX export as a method of the network: <c>net.ExportOnnx("model.onnx")</c>.</summary>
public static class OnnxExportExtensions
{
    /// <summary>Writes <paramref name="net"/> to <paramref name="path"/> as an ONNX model; see <see cref="OnnxExport.Save{TNet, T}"/>.</summary>
    /// <param name="net">The network.</param>
    /// <param name="path">The .onnx file to write (replaced atomically if it exists).</param>
    /// <param name="options">Whether to append a softmax; null for the plain forward pass.</param>
    /// <typeparam name="TNet">The generated network type (inferred).</typeparam>
    /// <typeparam name="T">Its element type, float or double (inferred).</typeparam>
    public static void ExportOnnx<TNet, T>(this INetwork<TNet, T> net, string path, OnnxExportOptions? options = null)
        where TNet : INetwork<TNet, T>
        where T : unmanaged, IFloatingPointIeee754<T> =>
        OnnxExport.Save(net, path, options);
}
