namespace DslNets.Kernels;

/// <summary>What a matrix product does to an operand before multiplying: use it as stored, or its transpose.</summary>
public enum MatrixOp
{
    /// <summary>op(X) = X: the operand is used as it is stored (row-major).</summary>
    None = 0,

    /// <summary>op(X) = Xᵀ: the stored row-major matrix is read as its transpose.</summary>
    Transpose = 1,
}
