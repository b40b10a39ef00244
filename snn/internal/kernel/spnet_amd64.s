//go:build !purego

#include "textflag.h"

// The constants of spnet's update, as float64 bit patterns.
DATA spnetConst<>+0(SB)/8, $0x3fa47ae147ae147b  // 0.04
DATA spnetConst<>+8(SB)/8, $0x4014000000000000  // 5
DATA spnetConst<>+16(SB)/8, $0x4061800000000000 // 140
DATA spnetConst<>+24(SB)/8, $0x3fe0000000000000 // 0.5
DATA spnetConst<>+32(SB)/8, $0x3fc999999999999a // 0.2 (b)
GLOBL spnetConst<>(SB), RODATA|NOPTR, $40

// SPNETHALF is one half step of v for four neurons, v in Y0, u in Y1, in
// in Y2: t = 0.04·v; t += 5; t ·= v; t += 140; t −= u; t += in; t ·= 0.5;
// v += t, spnet's izhikevich in its order.
#define SPNETHALF \
	VMULPD Y10, Y0, Y3 \
	VADDPD Y11, Y3, Y3 \
	VMULPD Y0, Y3, Y3  \
	VADDPD Y12, Y3, Y3 \
	VSUBPD Y1, Y3, Y3  \
	VADDPD Y2, Y3, Y3  \
	VMULPD Y13, Y3, Y3 \
	VADDPD Y3, Y0, Y0

// func spnetIzhikevichAVX2(v, u, a, in *float64, n int)
TEXT ·spnetIzhikevichAVX2(SB), NOSPLIT, $0-40
	MOVQ v+0(FP), DI
	MOVQ u+8(FP), SI
	MOVQ a+16(FP), R8
	MOVQ in+24(FP), R9
	MOVQ n+32(FP), CX
	VBROADCASTSD spnetConst<>+0(SB), Y10
	VBROADCASTSD spnetConst<>+8(SB), Y11
	VBROADCASTSD spnetConst<>+16(SB), Y12
	VBROADCASTSD spnetConst<>+24(SB), Y13
	VBROADCASTSD spnetConst<>+32(SB), Y14
	XORQ AX, AX

spnetLoop:
	CMPQ AX, CX
	JGE  spnetDone
	VMOVUPD (DI)(AX*8), Y0
	VMOVUPD (SI)(AX*8), Y1
	VMOVUPD (R9)(AX*8), Y2
	SPNETHALF
	SPNETHALF

	// u += a·(0.2·v − u)
	VMULPD  Y14, Y0, Y5
	VSUBPD  Y1, Y5, Y5
	VMOVUPD (R8)(AX*8), Y6
	VMULPD  Y6, Y5, Y5
	VADDPD  Y5, Y1, Y1

	VMOVUPD Y0, (DI)(AX*8)
	VMOVUPD Y1, (SI)(AX*8)
	ADDQ    $4, AX
	JMP     spnetLoop

spnetDone:
	VZEROUPPER
	RET

// func spnetWeightsAVX2(w, sd *float64, n int, c *[3]float64)
//
// c holds decay, drift and max. The clamps are VMINPD(max, s) and
// VMAXPD(0, s) with s second: each returns its second operand unless the
// first compares strictly below (above) it, so a NaN or −0 passes as the
// Go comparisons pass it.
TEXT ·spnetWeightsAVX2(SB), NOSPLIT, $0-32
	MOVQ w+0(FP), DI
	MOVQ sd+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ c+24(FP), R8
	VBROADCASTSD 0(R8), Y10  // decay
	VBROADCASTSD 8(R8), Y11  // drift
	VBROADCASTSD 16(R8), Y12 // max
	VXORPD       Y15, Y15, Y15
	XORQ         AX, AX

weightsLoop:
	CMPQ AX, CX
	JGE  weightsDone
	VMOVUPD (SI)(AX*8), Y0
	VMULPD  Y10, Y0, Y0    // sd·decay
	VMOVUPD Y0, (SI)(AX*8)
	VADDPD  Y0, Y11, Y1    // drift + sd
	VMOVUPD (DI)(AX*8), Y2
	VADDPD  Y1, Y2, Y2     // w + (drift + sd)
	VMINPD  Y2, Y12, Y2    // max < s ? max : s
	VMAXPD  Y2, Y15, Y2    // 0 > s ? 0 : s
	VMOVUPD Y2, (DI)(AX*8)
	ADDQ    $4, AX
	JMP     weightsLoop

weightsDone:
	VZEROUPPER
	RET

// func scaleAVX2(x *float64, n int, f float64)
TEXT ·scaleAVX2(SB), NOSPLIT, $0-24
	MOVQ         x+0(FP), DI
	MOVQ         n+8(FP), CX
	VBROADCASTSD f+16(FP), Y10
	XORQ         AX, AX

scaleLoop:
	CMPQ    AX, CX
	JGE     scaleDone
	VMOVUPD (DI)(AX*8), Y0
	VMULPD  Y10, Y0, Y0
	VMOVUPD Y0, (DI)(AX*8)
	ADDQ    $4, AX
	JMP     scaleLoop

scaleDone:
	VZEROUPPER
	RET

// func notBelowAVX2(x *float64, n int, threshold float64, mask *uint8)
TEXT ·notBelowAVX2(SB), NOSPLIT, $0-32
	MOVQ         x+0(FP), DI
	MOVQ         n+8(FP), CX
	VBROADCASTSD threshold+16(FP), Y10
	MOVQ         mask+24(FP), R8
	XORQ         AX, AX

notBelowLoop:
	CMPQ      AX, CX
	JGE       notBelowDone
	VMOVUPD   (DI)(AX*8), Y0
	VCMPPD    $0x15, Y10, Y0, Y1 // !(x < threshold): NLT_UQ, true for NaN
	VMOVMSKPD Y1, BX
	MOVB      BX, (R8)
	INCQ      R8
	ADDQ      $4, AX
	JMP       notBelowLoop

notBelowDone:
	VZEROUPPER
	RET
