package runtime

import "math/bits"

// Rand is a small deterministic generator (xoshiro256**) seeded through
// splitmix64. Every random choice in a network draws from a Rand derived from
// the run's seed, so a run repeats exactly.
type Rand struct{ s [4]uint64 }

func splitmix(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// NewRand returns a generator whose sequence is fixed by seed.
func NewRand(seed uint64) *Rand {
	r := &Rand{}
	r.Seed(seed)
	return r
}

// Seed restarts the generator's sequence from seed.
func (r *Rand) Seed(seed uint64) {
	x := seed
	for i := range r.s {
		r.s[i] = splitmix(&x)
	}
}

func rotl(x uint64, k uint) uint64 { return x<<k | x>>(64-k) }

// Uint64 returns the next 64 random bits.
func (r *Rand) Uint64() uint64 {
	s := &r.s
	out := rotl(s[1]*5, 7) * 9
	t := s[1] << 17
	s[2] ^= s[0]
	s[3] ^= s[1]
	s[1] ^= s[2]
	s[0] ^= s[3]
	s[2] ^= t
	s[3] = rotl(s[3], 45)
	return out
}

// Float64 returns a number in [0, 1).
func (r *Rand) Float64() float64 { return float64(r.Uint64()>>11) * (1.0 / (1 << 53)) }

// Intn returns a number in [0, n); n must be positive.
func (r *Rand) Intn(n int64) int64 {
	if n <= 0 {
		panic("runtime: Rand.Intn with n <= 0")
	}
	// Lemire's multiply-shift with rejection keeps the result unbiased.
	un := uint64(n)
	for {
		v := r.Uint64()
		hi, lo := bits.Mul64(v, un)
		if lo >= un || lo >= (-un)%un {
			return int64(hi)
		}
	}
}

// DeriveSeed mixes a run's seed with a purpose and a name into the seed of
// one generator, so that adding a node does not change another link's luck.
func DeriveSeed(seed uint64, purpose, name string) uint64 {
	h := uint64(14695981039346656037) // FNV-1a over purpose, a separator, name
	for i := 0; i < len(purpose); i++ {
		h = (h ^ uint64(purpose[i])) * 1099511628211
	}
	h = (h ^ 0xff) * 1099511628211
	for i := 0; i < len(name); i++ {
		h = (h ^ uint64(name[i])) * 1099511628211
	}
	x := seed ^ h
	return splitmix(&x)
}
