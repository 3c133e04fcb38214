import{f as a}from"./chunk-7HRJZAN4.js";import"./chunk-DILMA6ZR.js";import"./chunk-3RNHDNP5.js";export{a as main};
