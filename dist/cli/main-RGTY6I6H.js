import{f as a}from"./chunk-DTO3YQNL.js";import"./chunk-4PDWYPGJ.js";import"./chunk-3RNHDNP5.js";export{a as main};
