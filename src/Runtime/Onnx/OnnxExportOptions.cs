namespace DslNets.Onnx;

/// <summary>What <see cref="OnnxExport.Save{TNet, T}"/> adds beyond the network's forward pass.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>
    /// Appends a softmax over the outputs, so the model gives class probabilities instead of logits (for networks trained
    /// with <see cref="Loss.SoftmaxCrossEntropy"/>); needs at least two outputs. Default false: the outputs of <c>Forward</c>.
    /// </summary>
    public bool Softmax { get; init; }
}
