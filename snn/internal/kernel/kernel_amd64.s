//go:build !purego

#include "textflag.h"

// The constants of the Izhikevich update, as float64 bit patterns.
DATA izhConst<>+0(SB)/8, $0x3fa47ae147ae147b  // 0.04
DATA izhConst<>+8(SB)/8, $0x4014000000000000  // 5
DATA izhConst<>+16(SB)/8, $0x4061800000000000 // 140
DATA izhConst<>+24(SB)/8, $0x3fe0000000000000 // 0.5
DATA izhConst<>+32(SB)/8, $0x403e000000000000 // 30 (Threshold)
GLOBL izhConst<>(SB), RODATA|NOPTR, $40

// HALFSTEP is one half-step of v for four neurons, v in Y0, u in Y1, I in
// Y2: t = v·v; t = 0.04·t; t += 5·v; t += 140; t −= u; t += I; t = 0.5·t;
// v += t, the operations of izhikevich in its order.
#define HALFSTEP \
	VMULPD  Y0, Y0, Y3  \
	VMULPD  Y10, Y3, Y3 \
	VMULPD  Y11, Y0, Y4 \
	VADDPD  Y4, Y3, Y3  \
	VADDPD  Y12, Y3, Y3 \
	VSUBPD  Y1, Y3, Y3  \
	VADDPD  Y2, Y3, Y3  \
	VMULPD  Y13, Y3, Y3 \
	VADDPD  Y3, Y0, Y0

// func izhikevichAVX2(v, u, a, b, c, d, in *float64, n int, fired *uint8, check *[4]float64)
TEXT ·izhikevichAVX2(SB), NOSPLIT, $0-80
	MOVQ v+0(FP), DI
	MOVQ u+8(FP), SI
	MOVQ a+16(FP), R8
	MOVQ b+24(FP), R9
	MOVQ c+32(FP), R10
	MOVQ d+40(FP), R11
	MOVQ in+48(FP), R12
	MOVQ n+56(FP), CX
	MOVQ fired+64(FP), R13
	MOVQ check+72(FP), R14
	VBROADCASTSD izhConst<>+0(SB), Y10
	VBROADCASTSD izhConst<>+8(SB), Y11
	VBROADCASTSD izhConst<>+16(SB), Y12
	VBROADCASTSD izhConst<>+24(SB), Y13
	VBROADCASTSD izhConst<>+32(SB), Y14
	VXORPD Y15, Y15, Y15
	XORQ   AX, AX

izhLoop:
	CMPQ AX, CX
	JGE  izhDone
	VMOVUPD (DI)(AX*8), Y0  // v
	VMOVUPD (SI)(AX*8), Y1  // u
	VMOVUPD (R12)(AX*8), Y2 // I
	HALFSTEP
	HALFSTEP

	// u += a·(b·v − u)
	VMOVUPD (R9)(AX*8), Y5
	VMULPD  Y5, Y0, Y5
	VSUBPD  Y1, Y5, Y5
	VMOVUPD (R8)(AX*8), Y6
	VMULPD  Y6, Y5, Y5
	VADDPD  Y5, Y1, Y1

	// fired = v ≥ 30 (false for NaN); there v = c, u = u + d.
	VCMPPD    $0x1d, Y14, Y0, Y7
	VMOVUPD   (R10)(AX*8), Y8
	VMOVUPD   (R11)(AX*8), Y9
	VADDPD    Y9, Y1, Y9
	VBLENDVPD Y7, Y8, Y0, Y0
	VBLENDVPD Y7, Y9, Y1, Y1
	VMOVUPD   Y0, (DI)(AX*8)
	VMOVUPD   Y1, (SI)(AX*8)
	VMOVMSKPD Y7, BX
	MOVB      BX, (R13)
	INCQ      R13

	// check += (v − v) + (u − u): NaN once any state is not finite.
	VSUBPD Y0, Y0, Y3
	VSUBPD Y1, Y1, Y4
	VADDPD Y4, Y3, Y3
	VADDPD Y3, Y15, Y15

	ADDQ $4, AX
	JMP  izhLoop

izhDone:
	VMOVUPD Y15, (R14)
	VZEROUPPER
	RET

// func sumRowsAVX2(dst, w *float64, stride int, rows *int, nrows, n int)
//
// For every 16 elements i of [0, n): acc = w[rows[0]·stride+i];
// acc += w[rows[k]·stride+i] for k = 1 … nrows−1 in order; dst[i] += acc.
TEXT ·sumRowsAVX2(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ w+8(FP), SI
	MOVQ stride+16(FP), R8
	SHLQ $3, R8
	MOVQ rows+24(FP), R9
	MOVQ nrows+32(FP), R10
	MOVQ n+40(FP), CX
	XORQ AX, AX

sumBlock:
	CMPQ AX, CX
	JGE  sumDone
	LEAQ (SI)(AX*8), R11
	MOVQ (R9), BX
	IMULQ R8, BX
	ADDQ R11, BX
	VMOVUPD 0(BX), Y0
	VMOVUPD 32(BX), Y1
	VMOVUPD 64(BX), Y2
	VMOVUPD 96(BX), Y3
	MOVQ $1, DX

sumRow:
	CMPQ DX, R10
	JGE  sumStore
	MOVQ (R9)(DX*8), BX
	IMULQ R8, BX
	ADDQ R11, BX
	VADDPD 0(BX), Y0, Y0
	VADDPD 32(BX), Y1, Y1
	VADDPD 64(BX), Y2, Y2
	VADDPD 96(BX), Y3, Y3
	INCQ DX
	JMP  sumRow

sumStore:
	VADDPD  0(DI)(AX*8), Y0, Y0
	VADDPD  32(DI)(AX*8), Y1, Y1
	VADDPD  64(DI)(AX*8), Y2, Y2
	VADDPD  96(DI)(AX*8), Y3, Y3
	VMOVUPD Y0, 0(DI)(AX*8)
	VMOVUPD Y1, 32(DI)(AX*8)
	VMOVUPD Y2, 64(DI)(AX*8)
	VMOVUPD Y3, 96(DI)(AX*8)
	ADDQ $16, AX
	JMP  sumBlock

sumDone:
	VZEROUPPER
	RET

// HALFSTEP512 is HALFSTEP for eight neurons: v in Z0, u in Z1, I in Z2.
#define HALFSTEP512 \
	VMULPD  Z0, Z0, Z3  \
	VMULPD  Z10, Z3, Z3 \
	VMULPD  Z11, Z0, Z4 \
	VADDPD  Z4, Z3, Z3  \
	VADDPD  Z12, Z3, Z3 \
	VSUBPD  Z1, Z3, Z3  \
	VADDPD  Z2, Z3, Z3  \
	VMULPD  Z13, Z3, Z3 \
	VADDPD  Z3, Z0, Z0

// func izhikevichAVX512(v, u, a, b, c, d, in *float64, n int, fired *uint8, check *[8]float64)
//
// izhikevichAVX2 for eight neurons at a time (n a multiple of 8): one mask
// byte per eight neurons.
TEXT ·izhikevichAVX512(SB), NOSPLIT, $0-80
	MOVQ v+0(FP), DI
	MOVQ u+8(FP), SI
	MOVQ a+16(FP), R8
	MOVQ b+24(FP), R9
	MOVQ c+32(FP), R10
	MOVQ d+40(FP), R11
	MOVQ in+48(FP), R12
	MOVQ n+56(FP), CX
	MOVQ fired+64(FP), R13
	MOVQ check+72(FP), R14
	VBROADCASTSD izhConst<>+0(SB), Z10
	VBROADCASTSD izhConst<>+8(SB), Z11
	VBROADCASTSD izhConst<>+16(SB), Z12
	VBROADCASTSD izhConst<>+24(SB), Z13
	VBROADCASTSD izhConst<>+32(SB), Z14
	VXORPD Z15, Z15, Z15
	XORQ   AX, AX

izh512Loop:
	CMPQ AX, CX
	JGE  izh512Done

	// The lines 16 iterations ahead: on a large network the state comes
	// from level 3, with the sums' and rows' traffic around it.
	PREFETCHT0 1024(DI)(AX*8)
	PREFETCHT0 1024(SI)(AX*8)
	PREFETCHT0 1024(R8)(AX*8)
	PREFETCHT0 1024(R9)(AX*8)
	PREFETCHT0 1024(R10)(AX*8)
	PREFETCHT0 1024(R11)(AX*8)
	VMOVUPD (DI)(AX*8), Z0
	VMOVUPD (SI)(AX*8), Z1
	VMOVUPD (R12)(AX*8), Z2
	HALFSTEP512
	HALFSTEP512

	// u += a·(b·v − u)
	VMOVUPD (R9)(AX*8), Z5
	VMULPD  Z5, Z0, Z5
	VSUBPD  Z1, Z5, Z5
	VMOVUPD (R8)(AX*8), Z6
	VMULPD  Z6, Z5, Z5
	VADDPD  Z5, Z1, Z1

	// fired = v ≥ 30 (false for NaN); there v = c, u = u + d.
	VCMPPD  $0x1d, Z14, Z0, K1
	VMOVUPD (R10)(AX*8), K1, Z0
	VADDPD  (R11)(AX*8), Z1, K1, Z1
	VMOVUPD Z0, (DI)(AX*8)
	VMOVUPD Z1, (SI)(AX*8)
	KMOVW   K1, BX
	MOVB    BX, (R13)
	INCQ    R13

	// check += (v − v) + (u − u)
	VSUBPD Z0, Z0, Z3
	VSUBPD Z1, Z1, Z4
	VADDPD Z4, Z3, Z3
	VADDPD Z3, Z15, Z15

	ADDQ $8, AX
	JMP  izh512Loop

izh512Done:
	VMOVUPD Z15, (R14)
	VZEROUPPER
	RET

// func sumRowsAVX512(dst, w *float64, stride int, rows *int, nrows, n int)
//
// sumRowsAVX2 for blocks of 32 elements (n a multiple of 32).
TEXT ·sumRowsAVX512(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ w+8(FP), SI
	MOVQ stride+16(FP), R8
	SHLQ $3, R8
	MOVQ rows+24(FP), R9
	MOVQ nrows+32(FP), R10
	MOVQ n+40(FP), CX
	XORQ AX, AX

sum512Block:
	CMPQ AX, CX
	JGE  sum512Done
	LEAQ (SI)(AX*8), R11
	MOVQ (R9), BX
	IMULQ R8, BX
	ADDQ R11, BX
	VMOVUPD 0(BX), Z0
	VMOVUPD 64(BX), Z1
	VMOVUPD 128(BX), Z2
	VMOVUPD 192(BX), Z3
	MOVQ $1, DX

sum512Row:
	CMPQ DX, R10
	JGE  sum512Store
	MOVQ (R9)(DX*8), BX
	IMULQ R8, BX
	ADDQ R11, BX
	VADDPD 0(BX), Z0, Z0
	VADDPD 64(BX), Z1, Z1
	VADDPD 128(BX), Z2, Z2
	VADDPD 192(BX), Z3, Z3
	INCQ DX
	JMP  sum512Row

sum512Store:
	VADDPD  0(DI)(AX*8), Z0, Z0
	VADDPD  64(DI)(AX*8), Z1, Z1
	VADDPD  128(DI)(AX*8), Z2, Z2
	VADDPD  192(DI)(AX*8), Z3, Z3
	VMOVUPD Z0, 0(DI)(AX*8)
	VMOVUPD Z1, 64(DI)(AX*8)
	VMOVUPD Z2, 128(DI)(AX*8)
	VMOVUPD Z3, 192(DI)(AX*8)
	ADDQ $32, AX
	JMP  sum512Block

sum512Done:
	VZEROUPPER
	RET

// SplitMix64's increment γ times 1 … 8, its multipliers, and 255.
DATA laneGamma<>+0(SB)/8, $0x9e3779b97f4a7c15
DATA laneGamma<>+8(SB)/8, $0x3c6ef372fe94f82a
DATA laneGamma<>+16(SB)/8, $0xdaa66d2c7ddf743f
DATA laneGamma<>+24(SB)/8, $0x78dde6e5fd29f054
DATA laneGamma<>+32(SB)/8, $0x1715609f7c746c69
DATA laneGamma<>+40(SB)/8, $0xb54cda58fbbee87e
DATA laneGamma<>+48(SB)/8, $0x538454127b096493
DATA laneGamma<>+56(SB)/8, $0xf1bbcdcbfa53e0a8
GLOBL laneGamma<>(SB), RODATA|NOPTR, $64

DATA mixConst<>+0(SB)/8, $0xbf58476d1ce4e5b9
DATA mixConst<>+8(SB)/8, $0x94d049bb133111eb
DATA mixConst<>+16(SB)/8, $255
GLOBL mixConst<>(SB), RODATA|NOPTR, $24

// SPLITMIX sets Z5 to SplitMix64's mix of the eight counters in Z0 (its
// multipliers in Z2 and Z3) and steps the counters by Z1.
#define SPLITMIX \
	VPSRLQ  $30, Z0, Z5 \
	VPXORQ  Z5, Z0, Z5  \
	VPMULLQ Z2, Z5, Z5  \
	VPSRLQ  $27, Z5, Z6 \
	VPXORQ  Z6, Z5, Z5  \
	VPMULLQ Z3, Z5, Z5  \
	VPSRLQ  $31, Z5, Z6 \
	VPXORQ  Z6, Z5, Z5  \
	VPADDQ  Z1, Z0, Z0

// ZIGGURAT takes j in Y7, |j| in Y8 and the layers' thresholds and widths
// in Y9 and Z10; it sets K3 to the lanes rejected (|j| ≥ k[layer]), stores
// them as the next byte of rejected (R10), and sets Z11 to float64(j)·w.
#define ZIGGURAT \
	VPCMPUD   $5, Y9, Y8, K3 \
	VCVTDQ2PD Y7, Z11        \
	VMULPD    Z10, Z11, Z11  \
	KMOVW     K3, DX         \
	MOVB      DX, (R10)      \
	INCQ      R10

// func normalsAVX512(dst *float64, n int, seed uint64, k *[256]uint32, w *[256]float64, rejected *uint8, std float64, add bool, tmp *[1280]byte)
//
// For i in [0, n) (n a multiple of 8): u = SplitMix64(seed + (i+1)·γ),
// j = int32(u), layer = (u >> 32) & 255, z = float64(j)·w[layer];
// bit i%8 of rejected[i/8] is set when |j| ≥ k[layer] (as uint32).
// Without add, dst[i] = z; with add, dst[i] += std·z (rounded product,
// then sum) where not rejected.
//
// Numbers are made 64 at a time in three passes through tmp: their random
// bits (tmp[0:512]), then each one's threshold and width looked up one at
// a time with scalar loads (tmp[512:768] and tmp[768:1280]), then the
// rest. Two gather instructions per eight numbers cost more than the rest
// of the work on AMD's cores; the last n mod 64 numbers use them.
TEXT ·normalsAVX512(SB), NOSPLIT, $0-72
	MOVQ dst+0(FP), DI
	MOVQ n+8(FP), CX
	MOVQ seed+16(FP), AX
	MOVQ k+24(FP), R8
	MOVQ w+32(FP), R9
	MOVQ rejected+40(FP), R10
	VBROADCASTSD std+48(FP), Z12
	MOVBLZX add+56(FP), R11
	MOVQ tmp+64(FP), SI
	VPBROADCASTQ AX, Z0
	VPADDQ       laneGamma<>(SB), Z0, Z0
	VPBROADCASTQ laneGamma<>+56(SB), Z1
	VPBROADCASTQ mixConst<>+0(SB), Z2
	VPBROADCASTQ mixConst<>+8(SB), Z3
	VPBROADCASTQ mixConst<>+16(SB), Z4
	XORQ BX, BX

tileLoop:
	LEAQ 64(BX), DX
	CMPQ DX, CX
	JGT  zigLoop

	// Pass 1: the random bits of 64 numbers.
	XORQ R14, R14

mixLoop:
	SPLITMIX
	VMOVDQU64 Z5, (SI)(R14*1)
	ADDQ      $64, R14
	CMPQ      R14, $512
	JLT       mixLoop

	// Pass 2: each number's layer is byte 4 of its bits.
	XORQ R14, R14

lookLoop:
	MOVBLZX 4(SI)(R14*8), R12
	MOVL    (R8)(R12*4), R13
	MOVL    R13, 512(SI)(R14*4)
	MOVQ    (R9)(R12*8), R13
	MOVQ    R13, 768(SI)(R14*8)
	MOVBLZX 12(SI)(R14*8), R12
	MOVL    (R8)(R12*4), R13
	MOVL    R13, 516(SI)(R14*4)
	MOVQ    (R9)(R12*8), R13
	MOVQ    R13, 776(SI)(R14*8)
	ADDQ    $2, R14
	CMPQ    R14, $64
	JLT     lookLoop

	// Pass 3: eight numbers at a time, as zigLoop does after its gathers.
	XORQ R14, R14

finishLoop:
	VMOVDQU64 (SI)(R14*8), Z5
	VPMOVQD   Z5, Y7
	VPABSD    Y7, Y8
	VMOVDQU32 512(SI)(R14*4), Y9
	VMOVUPD   768(SI)(R14*8), Z10
	ZIGGURAT
	TESTQ     R11, R11
	JNZ       tileAdd
	VMOVUPD   Z11, (DI)(BX*8)
	JMP       tileNext

tileAdd:
	VMULPD  Z12, Z11, Z11
	VADDPD  (DI)(BX*8), Z11, Z11
	KNOTW   K3, K4
	VMOVUPD Z11, K4, (DI)(BX*8)

tileNext:
	ADDQ $8, BX
	ADDQ $8, R14
	CMPQ R14, $64
	JLT  finishLoop
	JMP  tileLoop

zigLoop:
	// The last n mod 64 numbers, eight at a time, with gathers.
	CMPQ BX, CX
	JGE  zigDone
	SPLITMIX
	VPSRLQ  $32, Z5, Z6
	VPANDQ  Z4, Z6, Z6
	VPMOVQD Z5, Y7
	VPABSD  Y7, Y8
	KXNORW  K1, K1, K1
	VPGATHERQD (R8)(Z6*4), K1, Y9
	KXNORW  K2, K2, K2
	VGATHERQPD (R9)(Z6*8), K2, Z10
	ZIGGURAT
	TESTQ     R11, R11
	JNZ       zigAdd
	VMOVUPD   Z11, (DI)(BX*8)
	ADDQ      $8, BX
	JMP       zigLoop

zigAdd:
	// dst += std·z in the lanes not rejected.
	VMULPD  Z12, Z11, Z11
	VADDPD  (DI)(BX*8), Z11, Z11
	KNOTW   K3, K4
	VMOVUPD Z11, K4, (DI)(BX*8)
	ADDQ    $8, BX
	JMP     zigLoop

zigDone:
	VZEROUPPER
	RET

// ADDEVENT32 and ADDEVENT64 add weight k of a row to its postsynaptic
// neuron's sum, acc[post[k]] += float64(w[k]), with post in SI, w in DI
// and acc in AX, through register X. Consecutive events use different
// registers so that they overlap; X8 is zero, so that VCVTSS2SD does not
// wait for X's previous value.
#define ADDEVENT32(k, X) \
	MOVWLZX   (2*k)(SI), R11      \
	VCVTSS2SD (4*k)(DI), X8, X    \
	VADDSD    (AX)(R11*8), X, X   \
	VMOVSD    X, (AX)(R11*8)

#define ADDEVENT64(k, X) \
	MOVWLZX (2*k)(SI), R11        \
	VMOVSD  (8*k)(DI), X          \
	VADDSD  (AX)(R11*8), X, X     \
	VMOVSD  X, (AX)(R11*8)

// PREFETCHNEXT asks for the next line of each of the next row's arrays
// that is still to be asked for, into the level-2 cache: post's at R8 (R10
// lines left) and w's at R9 (R12 lines left). skip and done are labels
// for the macro's own use.
#define PREFETCHNEXT(skip, done) \
	TESTQ      R10, R10 \
	JLE        skip     \
	PREFETCHT1 (R8)     \
	ADDQ       $64, R8  \
	DECQ       R10      \
skip:                   \
	TESTQ      R12, R12 \
	JLE        done     \
	PREFETCHT1 (R9)     \
	ADDQ       $64, R9  \
	DECQ       R12      \
done:

// func addRow32(acc *float64, post *uint16, w *float32, n int, nextPost uintptr, postLines int, nextW uintptr, wLines int)
//
// acc[post[k]] += float64(w[k]) for k = 0 … n−1 in order, one cache line
// of w (sixteen weights) at a time. Before each line it asks for the next
// line of each of the next row's arrays (postLines lines from nextPost
// in R8/R10, wLines from nextW in R9/R12) to be brought into the level-2
// cache, and after the row for what is left of them.
TEXT ·addRow32(SB), NOSPLIT, $0-64
	MOVQ acc+0(FP), AX
	MOVQ post+8(FP), SI
	MOVQ w+16(FP), DI
	MOVQ n+24(FP), CX
	MOVQ nextPost+32(FP), R8
	MOVQ postLines+40(FP), R10
	MOVQ nextW+48(FP), R9
	MOVQ wLines+56(FP), R12
	VXORPS X8, X8, X8

row32:
	CMPQ CX, $16
	JLT  tail32
	PREFETCHNEXT(fetched32W, fetched32)
	ADDEVENT32(0, X0)
	ADDEVENT32(1, X1)
	ADDEVENT32(2, X2)
	ADDEVENT32(3, X3)
	ADDEVENT32(4, X4)
	ADDEVENT32(5, X5)
	ADDEVENT32(6, X6)
	ADDEVENT32(7, X7)
	ADDEVENT32(8, X0)
	ADDEVENT32(9, X1)
	ADDEVENT32(10, X2)
	ADDEVENT32(11, X3)
	ADDEVENT32(12, X4)
	ADDEVENT32(13, X5)
	ADDEVENT32(14, X6)
	ADDEVENT32(15, X7)
	ADDQ $32, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JMP  row32

tail32:
	TESTQ CX, CX
	JLE   rest32
	ADDEVENT32(0, X0)
	ADDQ  $2, SI
	ADDQ  $4, DI
	DECQ  CX
	JMP   tail32

// What is left of the next row's lines.
rest32:
	MOVQ R10, R13
	ORQ  R12, R13
	JEQ  done32
	PREFETCHNEXT(left32W, left32)
	JMP rest32

done32:
	RET

// func addRow64(acc *float64, post *uint16, w *float64, n int, nextPost uintptr, postLines int, nextW uintptr, wLines int)
//
// addRow32 for float64 weights: eight of them to a line.
TEXT ·addRow64(SB), NOSPLIT, $0-64
	MOVQ acc+0(FP), AX
	MOVQ post+8(FP), SI
	MOVQ w+16(FP), DI
	MOVQ n+24(FP), CX
	MOVQ nextPost+32(FP), R8
	MOVQ postLines+40(FP), R10
	MOVQ nextW+48(FP), R9
	MOVQ wLines+56(FP), R12
	VXORPS X8, X8, X8

row64:
	CMPQ CX, $8
	JLT  tail64
	PREFETCHNEXT(fetched64W, fetched64)
	ADDEVENT64(0, X0)
	ADDEVENT64(1, X1)
	ADDEVENT64(2, X2)
	ADDEVENT64(3, X3)
	ADDEVENT64(4, X4)
	ADDEVENT64(5, X5)
	ADDEVENT64(6, X6)
	ADDEVENT64(7, X7)
	ADDQ $16, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  row64

tail64:
	TESTQ CX, CX
	JLE   rest64
	ADDEVENT64(0, X0)
	ADDQ  $2, SI
	ADDQ  $8, DI
	DECQ  CX
	JMP   tail64

// What is left of the next row's lines.
rest64:
	MOVQ R10, R13
	ORQ  R12, R13
	JEQ  done64
	PREFETCHNEXT(left64W, left64)
	JMP rest64

done64:
	RET

// func prefetchL2(p unsafe.Pointer, n int)
//
// Prefetches the cache lines of the n > 0 bytes at p into the L2 cache.
TEXT ·prefetchL2(SB), NOSPLIT, $0-16
	MOVQ p+0(FP), AX
	MOVQ n+8(FP), CX
	ADDQ AX, CX
	ANDQ $-64, AX

l2Loop:
	PREFETCHT1 0(AX)
	ADDQ $64, AX
	CMPQ AX, CX
	JLT  l2Loop
	RET

// func prefetch(p unsafe.Pointer)
TEXT ·prefetch(SB), NOSPLIT, $0-8
	MOVQ p+0(FP), AX
	PREFETCHT0 0(AX)
	RET

// func copyNT(dst, src *float64, n int)
//
// Copies n float64s (n a multiple of 8, dst 64-byte aligned) with
// non-temporal stores, which write around the caches.
TEXT ·copyNT(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	XORQ AX, AX

ntLoop:
	CMPQ AX, CX
	JGE  ntDone
	VMOVUPD  (SI)(AX*8), Z0
	VMOVNTPD Z0, (DI)(AX*8)
	ADDQ $8, AX
	JMP  ntLoop

ntDone:
	SFENCE
	VZEROUPPER
	RET

// MT19937's constants, 16 lanes each.
DATA mtConst<>+0(SB)/4, $0x80000000  // upper bit
DATA mtConst<>+4(SB)/4, $0x7fffffff  // lower bits
DATA mtConst<>+8(SB)/4, $0x9908b0df  // matrix A
DATA mtConst<>+12(SB)/4, $1
DATA mtConst<>+16(SB)/4, $0x9d2c5680 // tempering mask B
DATA mtConst<>+20(SB)/4, $0xefc60000 // tempering mask C
GLOBL mtConst<>(SB), RODATA|NOPTR, $24

// func mtTwist16(mt *uint32, lo, hi, moff int)
//
// For i = lo, lo+16, … < hi, sixteen words at a time:
// y = mt[i]&upper | mt[i+1]&lower; mt[i] = mt[i+moff] ^ y>>1 ^ (y&1)·A.
// The caller keeps every word read by a chunk either not yet written or
// already final (see NumPy.twist).
TEXT ·mtTwist16(SB), NOSPLIT, $0-32
	MOVQ mt+0(FP), DI
	MOVQ lo+8(FP), AX
	MOVQ hi+16(FP), CX
	MOVQ moff+24(FP), DX
	VPBROADCASTD mtConst<>+0(SB), Z10
	VPBROADCASTD mtConst<>+4(SB), Z11
	VPBROADCASTD mtConst<>+8(SB), Z12
	VPBROADCASTD mtConst<>+12(SB), Z13
	LEAQ (DI)(DX*4), SI // mt + moff

twistLoop:
	CMPQ AX, CX
	JGE  twistDone
	VMOVDQU32 (DI)(AX*4), Z0   // mt[i…]
	VMOVDQU32 4(DI)(AX*4), Z1  // mt[i+1…]
	VMOVDQU32 (SI)(AX*4), Z2   // mt[i+moff…]
	VPANDD    Z10, Z0, Z0
	VPANDD    Z11, Z1, Z1
	VPORD     Z1, Z0, Z0       // y
	VPTESTMD  Z13, Z0, K1      // y&1 ≠ 0
	VPSRLD    $1, Z0, Z0
	VPXORD    Z0, Z2, Z2
	VPXORD    Z12, Z2, K1, Z2  // ^ A where y was odd
	VMOVDQU32 Z2, (DI)(AX*4)
	ADDQ $16, AX
	JMP  twistLoop

twistDone:
	VZEROUPPER
	RET

// func mtTemper16(out, mt *uint32, n int)
//
// out[i] = MT19937's tempering of mt[i] for i < n (n a multiple of 16).
TEXT ·mtTemper16(SB), NOSPLIT, $0-24
	MOVQ out+0(FP), DI
	MOVQ mt+8(FP), SI
	MOVQ n+16(FP), CX
	VPBROADCASTD mtConst<>+16(SB), Z10
	VPBROADCASTD mtConst<>+20(SB), Z11
	XORQ AX, AX

temperLoop:
	CMPQ AX, CX
	JGE  temperDone
	VMOVDQU32 (SI)(AX*4), Z0
	VPSRLD    $11, Z0, Z1
	VPXORD    Z1, Z0, Z0       // y ^= y >> 11
	VPSLLD    $7, Z0, Z1
	VPANDD    Z10, Z1, Z1
	VPXORD    Z1, Z0, Z0       // y ^= (y << 7) & B
	VPSLLD    $15, Z0, Z1
	VPANDD    Z11, Z1, Z1
	VPXORD    Z1, Z0, Z0       // y ^= (y << 15) & C
	VPSRLD    $18, Z0, Z1
	VPXORD    Z1, Z0, Z0       // y ^= y >> 18
	VMOVDQU32 Z0, (DI)(AX*4)
	ADDQ $16, AX
	JMP  temperLoop

temperDone:
	VZEROUPPER
	RET

// VPERMD indices that gather the low dwords of four quadwords, twice.
DATA lowDwords<>+0(SB)/4, $0
DATA lowDwords<>+4(SB)/4, $2
DATA lowDwords<>+8(SB)/4, $4
DATA lowDwords<>+12(SB)/4, $6
DATA lowDwords<>+16(SB)/4, $0
DATA lowDwords<>+20(SB)/4, $2
DATA lowDwords<>+24(SB)/4, $4
DATA lowDwords<>+28(SB)/4, $6
GLOBL lowDwords<>(SB), RODATA|NOPTR, $32

// The sign bit of eight dwords: xored into both sides, it turns an
// unsigned comparison into a signed one.
DATA signDwords<>+0(SB)/4, $0x80000000
DATA signDwords<>+4(SB)/4, $0x80000000
DATA signDwords<>+8(SB)/4, $0x80000000
DATA signDwords<>+12(SB)/4, $0x80000000
DATA signDwords<>+16(SB)/4, $0x80000000
DATA signDwords<>+20(SB)/4, $0x80000000
DATA signDwords<>+24(SB)/4, $0x80000000
DATA signDwords<>+28(SB)/4, $0x80000000
GLOBL signDwords<>(SB), RODATA|NOPTR, $32

// MUL64 sets O to O·c mod 2⁶⁴ in each quadword, c's low and high halves
// in the low dwords of CLO and CHI (AVX2 has no 64-bit multiply):
// lo(O)·lo(c) + (hi(O)·lo(c) + lo(O)·hi(c))·2³². Y10 and Y11 are scratch.
#define MUL64(O, CLO, CHI) \
	VPSRLQ   $32, O, Y10    \
	VPMULUDQ CLO, Y10, Y10  \
	VPMULUDQ CHI, O, Y11    \
	VPADDQ   Y11, Y10, Y10  \
	VPSLLQ   $32, Y10, Y10  \
	VPMULUDQ CLO, O, O      \
	VPADDQ   Y10, O, O

// MIX2 sets O to SplitMix64's mix of the four counters in X and steps them
// by Y1; its multipliers are in Y2/Y3 and Y4/Y14 (low/high halves).
#define MIX2(X, O) \
	VPSRLQ $30, X, O   \
	VPXOR  X, O, O     \
	MUL64(O, Y2, Y3)   \
	VPSRLQ $27, O, Y10 \
	VPXOR  Y10, O, O   \
	MUL64(O, Y4, Y14)  \
	VPSRLQ $31, O, Y10 \
	VPXOR  Y10, O, O   \
	VPADDQ Y1, X, X

// LOOKUP copies number l's threshold and width, found by its layer (byte
// 4 of its bits at SI+8l), to SI+64+4l and SI+96+8l.
#define LOOKUP(l) \
	MOVBLZX (8*l+4)(SI), R12   \
	MOVL    (R8)(R12*4), R13   \
	MOVL    R13, (64+4*l)(SI)  \
	MOVQ    (R9)(R12*8), R13   \
	MOVQ    R13, (96+8*l)(SI)

// func normalsAVX2(dst *float64, n int, seed uint64, k *[256]uint32, w *[256]float64, rejected *uint8, std float64, add bool, tmp *[1280]byte)
//
// normalsAVX512 for AVX2, eight numbers at a time in two sets of four
// lanes: SplitMix64 with its 64-bit multiplies made of 32-bit ones, the
// thresholds and widths looked up with scalar loads through tmp (gathers
// are slow on AMD's cores), the unsigned comparison |j| < k made signed
// by flipping both sign bits, and in add mode the rejected lanes kept by
// a blend.
TEXT ·normalsAVX2(SB), NOSPLIT, $0-72
	MOVQ dst+0(FP), DI
	MOVQ n+8(FP), CX
	MOVQ seed+16(FP), AX
	MOVQ k+24(FP), R8
	MOVQ w+32(FP), R9
	MOVQ rejected+40(FP), R10
	VBROADCASTSD std+48(FP), Y12
	MOVBLZX add+56(FP), R11
	MOVQ tmp+64(FP), SI
	MOVQ AX, X0
	VPBROADCASTQ X0, Y0
	VMOVDQU Y0, Y13
	VPADDQ laneGamma<>+0(SB), Y0, Y0
	VPADDQ laneGamma<>+32(SB), Y13, Y13
	VPBROADCASTQ laneGamma<>+56(SB), Y1
	VPBROADCASTQ mixConst<>+0(SB), Y2
	VPSRLQ $32, Y2, Y3
	VPBROADCASTQ mixConst<>+8(SB), Y4
	VPSRLQ $32, Y4, Y14
	VMOVDQU lowDwords<>(SB), Y15
	XORQ BX, BX

avx2Loop:
	CMPQ BX, CX
	JGE  avx2Done
	MIX2(Y0, Y5)
	MIX2(Y13, Y6)
	VMOVDQU Y5, (SI)
	VMOVDQU Y6, 32(SI)
	LOOKUP(0)
	LOOKUP(1)
	LOOKUP(2)
	LOOKUP(3)
	LOOKUP(4)
	LOOKUP(5)
	LOOKUP(6)
	LOOKUP(7)

	// j: the low dwords of the eight numbers' bits, in order.
	VPERMD      Y5, Y15, Y7
	VPERMD      Y6, Y15, Y8
	VINSERTI128 $1, X8, Y7, Y7
	// Accepted lanes: k > |j| as unsigned numbers.
	VPABSD   Y7, Y8
	VPXOR    signDwords<>(SB), Y8, Y8
	VMOVDQU  64(SI), Y9
	VPXOR    signDwords<>(SB), Y9, Y9
	VPCMPGTD Y8, Y9, Y10
	VMOVMSKPS Y10, DX
	NOTL     DX
	MOVB     DX, (R10)
	INCQ     R10

	// z = float64(j)·w
	VCVTDQ2PD    X7, Y5
	VEXTRACTI128 $1, Y7, X6
	VCVTDQ2PD    X6, Y6
	VMULPD       96(SI), Y5, Y5
	VMULPD       128(SI), Y6, Y6
	TESTQ        R11, R11
	JNZ          avx2Add
	VMOVUPD      Y5, (DI)(BX*8)
	VMOVUPD      Y6, 32(DI)(BX*8)
	ADDQ         $8, BX
	JMP          avx2Loop

avx2Add:
	// dst += std·z in the accepted lanes.
	VMULPD       Y12, Y5, Y5
	VMULPD       Y12, Y6, Y6
	VMOVUPD      (DI)(BX*8), Y7
	VMOVUPD      32(DI)(BX*8), Y8
	VADDPD       Y5, Y7, Y5
	VADDPD       Y6, Y8, Y6
	VPMOVSXDQ    X10, Y9
	VEXTRACTI128 $1, Y10, X11
	VPMOVSXDQ    X11, Y11
	VBLENDVPD    Y9, Y5, Y7, Y5
	VBLENDVPD    Y11, Y6, Y8, Y6
	VMOVUPD      Y5, (DI)(BX*8)
	VMOVUPD      Y6, 32(DI)(BX*8)
	ADDQ         $8, BX
	JMP          avx2Loop

avx2Done:
	VZEROUPPER
	RET
