import{q as a}from"./chunk-MBDTICMU.js";import"./chunk-F63H6PNZ.js";export{a as reactions};
