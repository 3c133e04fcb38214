import{f as a}from"./chunk-PE2MEYAI.js";import"./chunk-DXLZ2QD4.js";import"./chunk-3RNHDNP5.js";export{a as main};
