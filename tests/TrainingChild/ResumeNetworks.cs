namespace DslNets.TrainingChild;

/// <summary>The float network the kill-and-resume runs train.</summary>
[Network(Inputs = 8, Loss = Loss.SoftmaxCrossEntropy)]
public partial class ResumeNet
{
    [Dense(16, Activation.Tanh)] public partial DenseLayer Hidden { get; }
    [Dense(3)] public partial DenseLayer Logits { get; }
}

/// <summary>The same in double.</summary>
[Network(Inputs = 8, Loss = Loss.SoftmaxCrossEntropy, Precision = Precision.Double)]
public partial class ResumeNetDouble
{
    [Dense(16, Activation.Tanh)] public partial DenseLayer<double> Hidden { get; }
    [Dense(3)] public partial DenseLayer<double> Logits { get; }
}
