using TorchSharp;
using static TorchSharp.torch;

namespace DslNets.TorchSharpPeer;

/// <summary>
/// One mini-batch SGD step (learning rate 0.01) of an MLP with mean softmax cross-entropy on random MNIST-shaped data,
/// as training_peer.py and DslNets' TrainingThroughputBenchmarks take it.
/// </summary>
internal sealed class TrainingPeer : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly optim.Optimizer _optimizer;
    private readonly Loss<Tensor, Tensor, Tensor> _loss = nn.CrossEntropyLoss();
    private readonly Tensor _inputs;
    private readonly Tensor _labels;

    public TrainingPeer(int[] widths, int batch)
    {
        _model = Mlp.Build(widths);
        _optimizer = optim.SGD(_model.parameters(), 0.01);
        _inputs = torch.rand(batch, widths[0]);
        _labels = torch.randint(0, widths[^1], [batch]);
    }

    public void Step()
    {
        using var scope = torch.NewDisposeScope();
        _optimizer.zero_grad();
        _loss.forward(_model.forward(_inputs), _labels).backward();
        _optimizer.step();
    }

    public void Dispose()
    {
        _inputs.Dispose();
        _labels.Dispose();
        _loss.Dispose();
        _optimizer.Dispose();
        _model.Dispose();
    }
}
