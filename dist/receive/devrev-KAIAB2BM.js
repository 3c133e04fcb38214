import{c as a}from"./chunk-2EG55TCB.js";import"./chunk-F63H6PNZ.js";export{a as reactions};
