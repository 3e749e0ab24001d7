package luacodec

// MaxDepth is how deeply tables may nest, in an encoding and in a value
// to encode.
const MaxDepth = 32

// chargeEvery is how many values Encode and Decode handle between calls
// of Limits.Charge.
const chargeEvery = 1024

// Limits bound the work of one Encode or Decode.
type Limits struct {
	// MaxSize is the longest encoding Encode may make; 0 is no limit.
	MaxSize int
	// Charge, if not nil, is told every so often how many values were
	// handled since it was last told; it may stop the work by panicking
	// (a node VM's budget raising its error).
	Charge func(steps int)
	// Allocated, if not nil, is told about what was made: the bytes of an
	// encoding, and for a decode an estimate of its values' memory.
	Allocated func(bytes int)
}

// decodedBytesPerByte is the estimate, per byte of input, of the memory a
// decode makes (a table slot or interface per value byte).
const decodedBytesPerByte = 16

// allocated tells lim.Allocated about n bytes.
func (lim Limits) allocated(n int) {
	if lim.Allocated != nil {
		lim.Allocated(n)
	}
}

// counter calls Limits.Charge every chargeEvery values.
type counter struct {
	charge func(int)
	n      int
}

func (c *counter) count() {
	c.n++
	if c.n == chargeEvery {
		if c.charge != nil {
			c.charge(c.n)
		}
		c.n = 0
	}
}
