import{f as a}from"./chunk-QZMITG4I.js";import"./chunk-LF6UN7FG.js";import"./chunk-3RNHDNP5.js";export{a as main};
