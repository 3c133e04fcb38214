import{q as a}from"./chunk-VX3SWVMY.js";import"./chunk-WFLCDMIZ.js";export{a as reactions};
