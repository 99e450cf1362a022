#include "textflag.h"

// Lane indices 0..7 of the relaxation kernel.
DATA lapLanes<>+0(SB)/8, $0
DATA lapLanes<>+8(SB)/8, $1
DATA lapLanes<>+16(SB)/8, $2
DATA lapLanes<>+24(SB)/8, $3
DATA lapLanes<>+32(SB)/8, $4
DATA lapLanes<>+40(SB)/8, $5
DATA lapLanes<>+48(SB)/8, $6
DATA lapLanes<>+56(SB)/8, $7
GLOBL lapLanes<>(SB), RODATA|NOPTR, $64

// func relaxAVX512(c, v, d *int64, pred *int32, flag *uint8, n int, h int64, i int32, bestK, bestJ *[8]int64)
//
// For j in [0, n), n a positive multiple of 8, eight columns at a time:
//	r := c[j] - v[j] - h
//	if r < d[j] { d[j] = r; pred[j] = i }
//	key := 2*d[j] + flag[j]
// and per lane the least key with the first column holding it.
TEXT ·relaxAVX512(SB), NOSPLIT, $0-80
	MOVQ c+0(FP), SI
	MOVQ v+8(FP), DX
	MOVQ d+16(FP), DI
	MOVQ pred+24(FP), R9
	MOVQ flag+32(FP), R10
	MOVQ n+40(FP), CX
	MOVQ h+48(FP), AX
	VPBROADCASTQ AX, Z1
	MOVL i+56(FP), AX
	VPBROADCASTD AX, Z2
	MOVQ $0x7fffffffffffffff, AX
	VPBROADCASTQ AX, Z7       // best keys
	VPXORQ Z9, Z9, Z9         // best columns
	VMOVDQU64 lapLanes<>(SB), Z8 // column of each lane
	MOVQ $8, AX
	VPBROADCASTQ AX, Z10
	XORQ R8, R8
loop:
	VMOVDQU64 (SI)(R8*8), Z0
	VPSUBQ (DX)(R8*8), Z0, Z0 // c - v
	VPSUBQ Z1, Z0, Z0         // r = c - v - h
	VMOVDQU64 (DI)(R8*8), Z4  // d
	VPCMPQ $1, Z4, Z0, K1     // K1 = r < d
	VMOVDQU64 Z0, K1, (DI)(R8*8)
	VMOVDQU32 Z2, K1, (R9)(R8*4)
	VPMINSQ Z4, Z0, Z5        // new d
	VPMOVZXBQ (R10)(R8*1), Z6
	VPSLLQ $1, Z5, Z5
	VPORQ Z6, Z5, Z5          // key
	VPCMPQ $1, Z7, Z5, K2     // K2 = key < best
	VMOVDQA64 Z5, K2, Z7
	VMOVDQA64 Z8, K2, Z9
	VPADDQ Z10, Z8, Z8
	ADDQ $8, R8
	CMPQ R8, CX
	JLT loop
	MOVQ bestK+64(FP), AX
	VMOVDQU64 Z7, (AX)
	MOVQ bestJ+72(FP), AX
	VMOVDQU64 Z9, (AX)
	VZEROUPPER
	RET

// func relaxAVX512W(c *int32, v, d *int64, pred *int32, flag *uint8, n int, h int64, i int32, bestK, bestJ *[8]int64)
//
// relaxAVX512 with int32 costs, widened as they are loaded.
//
// For j in [0, n), n a positive multiple of 8, eight columns at a time:
//	r := c[j] - v[j] - h
//	if r < d[j] { d[j] = r; pred[j] = i }
//	key := 2*d[j] + flag[j]
// and per lane the least key with the first column holding it.
TEXT ·relaxAVX512W(SB), NOSPLIT, $0-80
	MOVQ c+0(FP), SI
	MOVQ v+8(FP), DX
	MOVQ d+16(FP), DI
	MOVQ pred+24(FP), R9
	MOVQ flag+32(FP), R10
	MOVQ n+40(FP), CX
	MOVQ h+48(FP), AX
	VPBROADCASTQ AX, Z1
	MOVL i+56(FP), AX
	VPBROADCASTD AX, Z2
	MOVQ $0x7fffffffffffffff, AX
	VPBROADCASTQ AX, Z7       // best keys
	VPXORQ Z9, Z9, Z9         // best columns
	VMOVDQU64 lapLanes<>(SB), Z8 // column of each lane
	MOVQ $8, AX
	VPBROADCASTQ AX, Z10
	XORQ R8, R8
loopw:
	VPMOVSXDQ (SI)(R8*4), Z0
	VPSUBQ (DX)(R8*8), Z0, Z0 // c - v
	VPSUBQ Z1, Z0, Z0         // r = c - v - h
	VMOVDQU64 (DI)(R8*8), Z4  // d
	VPCMPQ $1, Z4, Z0, K1     // K1 = r < d
	VMOVDQU64 Z0, K1, (DI)(R8*8)
	VMOVDQU32 Z2, K1, (R9)(R8*4)
	VPMINSQ Z4, Z0, Z5        // new d
	VPMOVZXBQ (R10)(R8*1), Z6
	VPSLLQ $1, Z5, Z5
	VPORQ Z6, Z5, Z5          // key
	VPCMPQ $1, Z7, Z5, K2     // K2 = key < best
	VMOVDQA64 Z5, K2, Z7
	VMOVDQA64 Z8, K2, Z9
	VPADDQ Z10, Z8, Z8
	ADDQ $8, R8
	CMPQ R8, CX
	JLT loopw
	MOVQ bestK+64(FP), AX
	VMOVDQU64 Z7, (AX)
	MOVQ bestJ+72(FP), AX
	VMOVDQU64 Z9, (AX)
	VZEROUPPER
	RET

// func relaxAVX512F(c, v, d *int64, pred *int32, flag *uint8, n int, h int64, step int32, bestK, bestJ, bestS *[8]int64)
//
// relaxAVX512 that records the step instead of the row and breaks ties
// first in, first out: for j in [0, n), n a positive multiple of 8,
//	r := c[j] - v[j] - h
//	if r < d[j] { d[j] = r; pred[j] = step }
//	key := 2*d[j] + flag[j]
// and per lane the least (key, pred[j]) with the first column holding it.
TEXT ·relaxAVX512F(SB), NOSPLIT, $0-88
	MOVQ c+0(FP), SI
	MOVQ v+8(FP), DX
	MOVQ d+16(FP), DI
	MOVQ pred+24(FP), R9
	MOVQ flag+32(FP), R10
	MOVQ n+40(FP), CX
	MOVQ h+48(FP), AX
	VPBROADCASTQ AX, Z1
	MOVL step+56(FP), AX
	VPBROADCASTD AX, Z2       // step, dwords, for pred
	VPBROADCASTQ AX, Z12      // step, qwords, for the ties
	MOVQ $0x7fffffffffffffff, AX
	VPBROADCASTQ AX, Z7       // best keys
	VPBROADCASTQ AX, Z14      // their steps
	VPXORQ Z9, Z9, Z9         // their columns
	VMOVDQU64 lapLanes<>(SB), Z8 // column of each lane
	MOVQ $8, AX
	VPBROADCASTQ AX, Z10
	XORQ R8, R8
loopf:
	VMOVDQU64 (SI)(R8*8), Z0
	VPSUBQ (DX)(R8*8), Z0, Z0 // c - v
	VPSUBQ Z1, Z0, Z0         // r = c - v - h
	VMOVDQU64 (DI)(R8*8), Z4  // d
	VPCMPQ $1, Z4, Z0, K1     // K1 = r < d
	VPMOVZXDQ (R9)(R8*4), Z11 // steps
	VMOVDQU64 Z0, K1, (DI)(R8*8)
	VMOVDQU32 Z2, K1, (R9)(R8*4)
	VMOVDQA64 Z12, K1, Z11    // new steps
	VPMINSQ Z4, Z0, Z5        // new d
	VPMOVZXBQ (R10)(R8*1), Z6
	VPSLLQ $1, Z5, Z5
	VPORQ Z6, Z5, Z5          // key
	VPCMPQ $1, Z7, Z5, K2     // K2 = key < best
	VPCMPQ $0, Z7, Z5, K3     // K3 = key == best
	VPCMPQ $1, Z14, Z11, K4   // K4 = step < best's
	KANDW K4, K3, K3
	KORW K3, K2, K2
	VMOVDQA64 Z5, K2, Z7
	VMOVDQA64 Z8, K2, Z9
	VMOVDQA64 Z11, K2, Z14
	VPADDQ Z10, Z8, Z8
	ADDQ $8, R8
	CMPQ R8, CX
	JLT loopf
	MOVQ bestK+64(FP), AX
	VMOVDQU64 Z7, (AX)
	MOVQ bestJ+72(FP), AX
	VMOVDQU64 Z9, (AX)
	MOVQ bestS+80(FP), AX
	VMOVDQU64 Z14, (AX)
	VZEROUPPER
	RET

// func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eaxArg+0(FP), AX
	MOVL ecxArg+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv() (eax, edx uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	MOVL DX, edx+4(FP)
	RET
