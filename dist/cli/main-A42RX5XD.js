import{f as a}from"./chunk-EAV3MJQY.js";import"./chunk-DILMA6ZR.js";import"./chunk-3RNHDNP5.js";export{a as main};
